// Blocklists: follow (after a preview) and unfollow, with action, categories and threshold;
// the user's own lists; and "why" for any target.
import {api, enc} from '../api.js';
import {h, replace, field, shortId, copyButton, plural} from '../dom.js';
import {attempt, toast, why, destroyFeedButton, CATEGORIES, ACTIONS} from '../ui.js';

const ACTION_HELP = {
  hide: 'hide — leave it out, with a note saying why',
  warn: 'warn — show it behind a warning that you can open',
  drop: 'drop — hide it, and do not store, serve or relay it',
};

export async function render(main) {
  const followed = h('ul', {class: 'lists', id: 'followed-lists'});
  const own = h('ul', {class: 'lists', id: 'own-lists'});
  let following = [];
  const follow = followForm(load, (link) => following.find((l) => l.link === link || l.id === link));

  async function load() {
    const lists = await api.get('/api/blocklists');
    following = lists.followed;
    replace(followed, lists.followed.length === 0 ? h('li', {class: 'muted'}, 'You follow no blocklist.')
        : lists.followed.map((list) => followedItem(list, load, follow.edit)));
    replace(own, lists.own.length === 0 ? h('li', {class: 'muted'}, 'You moderate no list.')
        : lists.own.map((list) => h('li', {class: 'list', dataset: {list: list.id}},
            h('strong', {}, list.name), ' ', h('a', {href: `#/desk/${enc(list.id)}`}, 'Open the desk'), ' ',
            destroyButton(list, load),
            h('div', {class: 'small muted'}, [list.description, entries(list)].filter(Boolean).join(' · '),
                ' · ', h('span', {class: 'mono break list-link'}, list.link), ' ', copyButton(list.link, 'Copy link')),
            ruleForm(list, load))));
  }

  replace(main, h('h1', {}, 'Blocklists'),
      h('p', {class: 'lead'}, 'Nobody is made to follow a list. Every block is signed by a moderator, and you can always see why something was hidden.'),
      follow.form,
      h('section', {class: 'card'}, h('h2', {}, 'Lists you follow'), followed),
      h('div', {class: 'two'}, createForm(load), whyForm()),
      h('section', {class: 'card'}, h('h2', {}, 'Lists you moderate'), own));
  await load();
}

/** Destroys one of the user's own lists here, once confirmed. */
function destroyButton(list, reload) {
  return destroyFeedButton({name: 'destroy-list', path: `/api/blocklists/${enc(list.id)}/destroy`,
    question: `Destroy ${list.name}? Its key, entries and review queue are deleted from this node: nobody, you`
        + ' included, can change it again, and who follows it keeps its last rules. This cannot be undone.',
    done: `Destroyed ${list.name} on this node; its followers keep its last rules.`,
    after: reload});
}

/** How many entries the list has signed after its manifest: blocks and retractions. */
function entries(list) {
  const n = list.headSequence ?? -1;
  return n < 0 ? 'waiting for a peer that serves this list' : plural(n, 'entry', 'entries');
}

/** The categories a followed list acts on, none when all: the node lists every category for "all". */
function chosenCategories(list) {
  const categories = list.categories ?? [];
  return CATEGORIES.every((c) => categories.includes(c)) ? [] : categories;
}

function followedItem(list, reload, edit) {
  const unfollow = h('button', {type: 'button', class: 'secondary', onclick: async () => {
    if (await attempt(() => api.del(`/api/blocklists/follow/${enc(list.id)}`), unfollow)) {
      toast(`You no longer follow ${list.name}; its effects are gone.`, 'ok');
      await reload();
    }
  }}, 'Unfollow');
  const change = h('button', {type: 'button', class: 'secondary change-follow', onclick: () => edit(list)},
      'Change settings');
  return h('li', {class: 'list', dataset: {list: list.id}},
      h('div', {class: 'row'},
          h('div', {class: 'grow'}, h('strong', {}, list.name || shortId(list.id)),
              ' ', h('span', {class: 'pill'}, list.action),
              h('div', {class: 'small muted'},
                  `categories: ${chosenCategories(list).join(', ') || 'all'}`,
                  list.threshold > 1 ? ` · drops only when ${list.threshold} of your lists agree (else hides)` : '',
                  ` · ${entries(list)}`)),
          unfollow, change));
}

/**
 * Follows a list, or changes how a followed one acts. The form sends everything it shows: for a list
 * already followed it starts from the current settings, so that nothing changes that the user did not
 * change (the API keeps what a request leaves out).
 */
function followForm(reload, followedAs) {
  const link = h('input', {type: 'text', name: 'link', required: true, placeholder: 'samizdat:channel/…',
    autocomplete: 'off'});
  const action = h('select', {name: 'action'}, ACTIONS.map((a) => h('option', {value: a}, ACTION_HELP[a])));
  const boxes = CATEGORIES.map((c) => h('label', {class: 'check'},
      h('input', {type: 'checkbox', name: 'category', value: c}), ` ${c}`));
  const ticks = boxes.map((b) => b.firstChild);
  const threshold = h('input', {type: 'number', name: 'threshold', min: 1, max: 20, inputmode: 'numeric',
    placeholder: '1'});
  const preview = h('div', {class: 'preview', id: 'follow-preview', 'aria-live': 'polite'});
  const status = h('p', {class: 'small muted', id: 'follow-status', 'aria-live': 'polite'});
  const heading = h('h2', {}, 'Follow a blocklist');
  const follow = h('button', {type: 'submit'}, 'Follow');

  let filledFrom = null;
  /** Shows the settings of the list the link names when it is followed already, else the first follow's defaults. */
  function fill(list) {
    filledFrom = list;
    action.value = list?.action ?? 'hide';
    const chosen = list ? chosenCategories(list) : [];
    ticks.forEach((t) => { t.checked = chosen.includes(t.value); });
    threshold.value = list && list.threshold > 1 ? list.threshold : '';
    heading.textContent = list ? `Change how you follow ${list.name || shortId(list.id)}` : 'Follow a blocklist';
    follow.textContent = list ? 'Save' : 'Follow';
    status.textContent = list ? 'You follow this list; the form shows how. Change what you want and save.' : '';
  }
  // What the user chose for a new list stays; a followed list's settings replace it, and leave with it.
  link.addEventListener('change', () => {
    const list = followedAs(link.value.trim());
    if (list || filledFrom) fill(list);
  });
  const request = () => ({link: link.value.trim(), action: action.value,
    // An empty list is every category, said outright: leaving it out would keep the categories chosen before.
    categories: ticks.filter((t) => t.checked).map((t) => t.value),
    threshold: threshold.value ? Number(threshold.value) : 1});
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
  const form = h('form', {class: 'card', id: 'follow-form', onsubmit: async (event) => {
    event.preventDefault();
    if (!threshold.reportValidity()) return;
    const again = followedAs(link.value.trim());
    const list = await attempt(() => api.post('/api/blocklists/follow', request()), follow);
    if (list) {
      form.reset();
      fill(null);
      replace(preview);
      toast(again ? `Saved how you follow ${list.name}.` : `You follow ${list.name}.`, 'ok');
      await reload();
    }
  }}, heading, status,
  field('List link', link), field('What to do with what it blocks', action),
  h('fieldset', {class: 'categories'}, h('legend', {}, 'Only these categories (none ticked: all)'), boxes),
  field('Drop threshold', threshold,
      'Drop only when at least this many of your lists block it; with fewer, hide (empty: 1, this list alone).'),
  h('div', {class: 'actions'}, previewButton, follow), preview);
  const edit = (list) => {
    link.value = list.link || list.id;
    fill(list);
    form.scrollIntoView({block: 'start'});
    action.focus();
  };
  return {form, edit};
}

/** A moderator adds a block to their own list directly (the desk does it from a report). */
function ruleForm(list, reload) {
  const target = h('input', {type: 'text', name: 'target', required: true, autocomplete: 'off',
    placeholder: 'channel:…, post:…/7, peer:…'});
  const category = h('select', {name: 'category'}, CATEGORIES.map((c) => h('option', {value: c, selected: c === 'spam'}, c)));
  const reason = h('input', {type: 'text', name: 'reason', required: true, maxlength: 1000});
  // Every block recommends an action to the followers (hide unless the moderator picks another);
  // each follower still decides what they apply.
  const action = h('select', {name: 'action'}, ACTIONS.map((a) => h('option', {value: a}, a)));
  const add = h('button', {type: 'submit'}, 'Add block');
  const form = h('form', {class: 'rule-form', onsubmit: async (event) => {
    event.preventDefault();
    const result = await attempt(() => api.post(`/api/blocklists/${enc(list.id)}/rules`, {target: target.value.trim(),
      category: category.value, reason: reason.value.trim(), action: action.value}), add);
    if (result) {
      toast(`Signed and published as entry #${result.sequence} of ${list.name}.`, 'ok');
      await reload();
    }
  }}, field('Target', target), field('Category', category), field('Reason (public)', reason),
  field('Recommended action', action), h('div', {class: 'actions'}, add));
  return h('details', {class: 'add-rule'}, h('summary', {}, 'Add a block to this list'), form);
}

function createForm(reload) {
  const name = h('input', {type: 'text', name: 'name', required: true, maxlength: 100});
  const description = h('input', {type: 'text', name: 'description', maxlength: 2000});
  const create = h('button', {type: 'submit'}, 'Create list');
  const form = h('form', {class: 'card', id: 'create-list', onsubmit: async (event) => {
    event.preventDefault();
    const list = await attempt(() => api.post('/api/blocklists',
        {name: name.value.trim(), description: description.value.trim() || undefined}), create);
    if (list) {
      form.reset();
      toast(`Your list ${list.name} is started: share its link, and add blocks below or from the desk.`, 'ok');
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
    // An answer stays only next to the question it answers: a failed question leaves none.
    replace(answer);
    const decision = await attempt(() => api.get(`/api/why?target=${enc(target.value.trim())}`), ask);
    if (decision) replace(answer, why(decision) ?? h('p', {}, 'Nothing you follow blocks it.'));
  }}, h('h2', {}, 'Why is something hidden?'), field('Target', target), h('div', {class: 'actions'}, ask), answer);
}
