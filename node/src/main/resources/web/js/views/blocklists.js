// Blocklists: follow (after a preview) and unfollow, with action, categories and threshold;
// the user's own lists; and "why" for any target.
import {api, enc} from '../api.js';
import {h, replace, field, shortId, copyButton} from '../dom.js';
import {attempt, toast, why, CATEGORIES, ACTIONS} from '../ui.js';

const ACTION_HELP = {
  hide: 'hide — leave it out, with a note saying why',
  warn: 'warn — show it behind a warning that you can open',
  drop: 'drop — hide it, and do not store, serve or relay it',
};

export async function render(main) {
  const followed = h('ul', {class: 'lists', id: 'followed-lists'});
  const own = h('ul', {class: 'lists', id: 'own-lists'});

  async function load() {
    const lists = await api.get('/api/blocklists');
    replace(followed, lists.followed.length === 0 ? h('li', {class: 'muted'}, 'You follow no blocklist.')
        : lists.followed.map((list) => followedItem(list, load)));
    replace(own, lists.own.length === 0 ? h('li', {class: 'muted'}, 'You moderate no list.')
        : lists.own.map((list) => h('li', {class: 'list', dataset: {list: list.id}},
            h('strong', {}, list.name), ' ', h('a', {href: `#/desk/${enc(list.id)}`}, 'Open the desk'),
            h('div', {class: 'small muted'}, [list.description, `${ruleCount(list)} entries`].filter(Boolean).join(' · '),
                ' · ', h('span', {class: 'mono break list-link'}, list.link), ' ', copyButton(list.link, 'Copy link')),
            ruleForm(list, load))));
  }

  replace(main, h('h1', {}, 'Blocklists'),
      h('p', {class: 'lead'}, 'Nobody is made to follow a list. Every block is signed by a moderator, and you can always see why something was hidden.'),
      followForm(load),
      h('section', {class: 'card'}, h('h2', {}, 'Lists you follow'), followed),
      h('div', {class: 'two'}, createForm(load), whyForm()),
      h('section', {class: 'card'}, h('h2', {}, 'Lists you moderate'), own));
  await load();
}

/** How many entries the list has signed after its manifest: blocks and retractions. */
function ruleCount(list) {
  return list.headSequence ?? 0;
}

function followedItem(list, reload) {
  const unfollow = h('button', {type: 'button', class: 'secondary', onclick: async () => {
    if (await attempt(() => api.del(`/api/blocklists/follow/${enc(list.id)}`), unfollow)) {
      toast(`You no longer follow ${list.name}; its effects are gone.`, 'ok');
      await reload();
    }
  }}, 'Unfollow');
  return h('li', {class: 'list', dataset: {list: list.id}},
      h('div', {class: 'row'},
          h('div', {class: 'grow'}, h('strong', {}, list.name || shortId(list.id)),
              ' ', h('span', {class: 'pill'}, list.action),
              h('div', {class: 'small muted'},
                  `categories: ${list.categories?.length ? list.categories.join(', ') : 'all'}`,
                  list.threshold ? ` · threshold: ${list.threshold} lists` : '',
                  ` · ${ruleCount(list)} entries`)),
          unfollow));
}

function followForm(reload) {
  const link = h('input', {type: 'text', name: 'link', required: true, placeholder: 'samizdat:channel/…',
    autocomplete: 'off'});
  const action = h('select', {name: 'action'}, ACTIONS.map((a) => h('option', {value: a}, ACTION_HELP[a])));
  const boxes = CATEGORIES.map((c) => h('label', {class: 'check'},
      h('input', {type: 'checkbox', name: 'category', value: c}), ` ${c}`));
  const threshold = h('input', {type: 'number', name: 'threshold', min: 1, max: 20, inputmode: 'numeric'});
  const preview = h('div', {class: 'preview', id: 'follow-preview', 'aria-live': 'polite'});
  const request = () => {
    const categories = boxes.map((b) => b.firstChild).filter((b) => b.checked).map((b) => b.value);
    return {link: link.value.trim(), action: action.value, categories: categories.length ? categories : undefined,
      threshold: threshold.value ? Number(threshold.value) : undefined};
  };
  const previewButton = h('button', {type: 'button', class: 'secondary', onclick: async () => {
    if (!link.reportValidity()) return;
    const {link: l, action: a, categories} = request();
    const result = await attempt(() => api.post('/api/blocklists/preview', {link: l, action: a, categories}),
        previewButton);
    if (!result) return;
    replace(preview, h('h3', {}, 'Following this list would affect'),
        result.affected.length === 0 ? h('p', {class: 'muted'}, 'Nothing among your channels and contacts.')
            : h('ul', {}, result.affected.map((item) => h('li', {class: 'affected'},
                h('strong', {}, item.name || item.target), ` → ${item.decision?.action ?? 'nothing'}`,
                why(item.decision)))));
  }}, 'Preview');
  const follow = h('button', {type: 'submit'}, 'Follow');
  const form = h('form', {class: 'card', id: 'follow-form', onsubmit: async (event) => {
    event.preventDefault();
    const list = await attempt(() => api.post('/api/blocklists/follow', request()), follow);
    if (list) {
      form.reset();
      replace(preview);
      toast(`You follow ${list.name}.`, 'ok');
      await reload();
    }
  }}, h('h2', {}, 'Follow a blocklist'),
  field('List link', link), field('What to do with what it blocks', action),
  h('fieldset', {class: 'categories'}, h('legend', {}, 'Only these categories (none ticked: all)'), boxes),
  field('Threshold (optional)', threshold, 'Act only when at least this many of your lists agree.'),
  h('div', {class: 'actions'}, previewButton, follow), preview);
  return form;
}

/** A moderator adds a block to their own list directly (the desk does it from a report). */
function ruleForm(list, reload) {
  const target = h('input', {type: 'text', name: 'target', required: true, autocomplete: 'off',
    placeholder: 'channel:…, post:…/7, peer:…'});
  const category = h('select', {name: 'category'}, CATEGORIES.map((c) => h('option', {value: c, selected: c === 'spam'}, c)));
  const reason = h('input', {type: 'text', name: 'reason', required: true, maxlength: 1000});
  const action = h('select', {name: 'action'}, h('option', {value: ''}, 'no recommendation'),
      ACTIONS.map((a) => h('option', {value: a}, a)));
  const add = h('button', {type: 'submit'}, 'Add block');
  const form = h('form', {class: 'rule-form', onsubmit: async (event) => {
    event.preventDefault();
    const result = await attempt(() => api.post(`/api/blocklists/${enc(list.id)}/rules`, {target: target.value.trim(),
      category: category.value, reason: reason.value.trim(), action: action.value || undefined}), add);
    if (result) {
      toast(`Signed and published as entry #${result.sequence} of ${list.name}.`, 'ok');
      await reload();
    }
  }}, field('Target', target), field('Category', category), field('Reason (public)', reason),
  field('Recommended action', action), h('div', {class: 'actions'}, add));
  return h('details', {class: 'add-rule'}, h('summary', {}, 'Add a block to this list'), form);
}

function createForm(reload) {
  const name = h('input', {type: 'text', name: 'name', required: true, maxlength: 200});
  const description = h('input', {type: 'text', name: 'description', maxlength: 2000});
  const create = h('button', {type: 'submit'}, 'Create list');
  const form = h('form', {class: 'card', id: 'create-list', onsubmit: async (event) => {
    event.preventDefault();
    const list = await attempt(() => api.post('/api/blocklists',
        {name: name.value.trim(), description: description.value.trim() || undefined}), create);
    if (list) {
      form.reset();
      await reload();
    }
  }}, h('h2', {}, 'Start a blocklist'), field('Name', name), field('Description (optional)', description),
  h('div', {class: 'actions'}, create));
  return form;
}

function whyForm() {
  const target = h('input', {type: 'text', name: 'target', required: true, autocomplete: 'off',
    placeholder: 'channel:…, post:…/7, peer:…'});
  const answer = h('div', {'aria-live': 'polite', id: 'why-answer'});
  const ask = h('button', {type: 'submit'}, 'Why?');
  return h('form', {class: 'card', id: 'why-form', onsubmit: async (event) => {
    event.preventDefault();
    const decision = await attempt(() => api.get(`/api/why?target=${enc(target.value.trim())}`), ask);
    if (decision) replace(answer, why(decision) ?? h('p', {}, 'Nothing you follow blocks it.'));
  }}, h('h2', {}, 'Why is something hidden?'), field('Target', target), h('div', {class: 'actions'}, ask), answer);
}
