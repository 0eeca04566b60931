// The moderator's desk: the review queue of one of the user's lists, grouped by target, with the
// reported content; block or dismiss reports, grant or dismiss appeals; the list's own history,
// where a block in force can be retracted.
import {api, enc, on} from '../api.js';
import {h, replace, shortId, time, field, plural} from '../dom.js';
import {attempt, toast, ACTIONS, CATEGORIES} from '../ui.js';

export async function render(main, listId) {
  const {own} = await api.get('/api/blocklists');
  if (own.length === 0) {
    replace(main, h('h1', {}, 'Moderator’s desk'), h('section', {class: 'card'},
        h('p', {}, 'You moderate no blocklist yet. ', h('a', {href: '#/blocklists'}, 'Start one'),
            '; reports from people who follow it arrive here, end-to-end encrypted.')));
    return undefined;
  }
  const list = own.find((l) => l.id === listId) ?? own[0];
  const picker = own.length > 1 ? h('nav', {class: 'tabs', 'aria-label': 'Your lists'}, own.map((l) =>
      h('a', {href: `#/desk/${enc(l.id)}`, 'aria-current': l.id === list.id ? 'page' : null}, l.name))) : null;
  const queue = h('div', {id: 'review-queue', 'aria-live': 'polite'});
  const history = h('div', {id: 'list-history'});

  async function load() {
    const [{items}, {rules}, {channels}] = await Promise.all([
      api.get(`/api/reports?list=${enc(list.id)}`), api.get(`/api/blocklists/${enc(list.id)}/rules`),
      api.get('/api/channels').catch(() => ({channels: []}))]);
    await fetchContent(items);
    const open = items.filter((item) => (item.status ?? 'open') === 'open');
    const done = items.filter((item) => (item.status ?? 'open') !== 'open');
    // An appeal against a block and reports asking for one are different questions: never grouped together.
    const groups = new Map();
    for (const item of open) {
      const key = `${item.appeal ? 'appeal' : 'report'} ${item.target}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(item);
    }
    const held = new Map(channels.map((c) => [c.id, c]));
    replace(queue, groups.size === 0 ? h('p', {class: 'muted'}, 'Nothing to review.')
        : h('ul', {class: 'queue'}, [...groups.values()].map((group) => group[0].appeal
            ? appealItem(list, group, load) : queueItem(list, group, held, load))),
        done.length ? h('details', {}, h('summary', {}, `Resolved (${done.length})`),
            h('ul', {class: 'small'}, done.map((item) => h('li', {},
                `${item.appeal ? 'appeal against the block of ' : ''}${item.target} — ${item.status}`)))) : null);
    replace(history, historyOf(list, rules, load));
  }

  replace(main, h('h1', {}, 'Moderator’s desk'), picker,
      h('section', {class: 'card'}, h('h2', {}, `Review queue of ${list.name}`), queue),
      h('section', {class: 'card'}, h('h2', {}, 'The list’s history'), history));
  await load();
  const offs = [on('report', (event) => { if (!event.list || event.list === list.id) load(); }), on('open', load)];
  return () => offs.forEach((off) => off());
}

/** What the reports of a group say together: how many, which categories, who, and their notes. */
function summary(group) {
  return {
    count: group.reduce((sum, item) => sum + (item.count ?? 1), 0),
    categories: [...new Set(group.flatMap((item) => categoryNames(item.categories)))],
    notes: group.flatMap((item) => item.notes ?? []).filter(Boolean),
    reporters: [...new Set(group.flatMap((item) => item.reporters ?? []))],
  };
}

/** Resolves every item of a group the same way, then says so and reloads the queue. */
function resolver(group, body, button, done, reload) {
  return async () => {
    for (const item of group) {
      if (!await attempt(() => api.post(`/api/reports/${enc(item.id)}/resolve`, body()), button)) return;
    }
    toast(done, 'ok');
    await reload();
  };
}

function button(label, className, onclick) {
  const el = h('button', {type: 'button', class: className}, label);
  el.addEventListener('click', onclick(el));
  return el;
}

function queueItem(list, group, held, reload) {
  const target = group[0].target;
  const {count, categories, notes, reporters} = summary(group);
  const content = group.map((item) => item.content).find(Boolean) ?? contentCache.get(target);
  // The moderator's choice is published as it is shown: hide unless they pick another.
  const action = h('select', {name: 'action'}, ACTIONS.map((a) => h('option', {value: a}, a)));
  // The category decides which followers apply the block: the moderator picks it, the reporters only suggest.
  const category = h('select', {name: 'category'},
      CATEGORIES.map((c) => h('option', {value: c, selected: c === (categories[0] ?? 'other')}, c)));
  const reason = h('input', {type: 'text', name: 'reason', maxlength: 1000,
    placeholder: 'Why, in a sentence followers will read (optional)'});
  const block = button('Block', 'danger block', (el) => resolver(group,
      () => ({decision: 'block', action: action.value, category: category.value, reason: reason.value.trim() || undefined}),
      el, `Blocked ${target} in ${list.name}.`, reload));
  const dismiss = button('Dismiss', 'secondary dismiss', (el) => resolver(group, () => ({decision: 'dismiss'}), el,
      `Dismissed the reports on ${target}.`, reload));
  return h('li', {class: 'queue-item', dataset: {target}},
      h('div', {class: 'row'}, h('code', {class: 'target grow break'}, target),
          h('span', {class: 'badge'}, plural(count, 'report'))),
      h('p', {class: 'small'}, `categories: ${categories.join(', ') || '–'} · from `,
          reporters.map((r) => shortId(r)).join(', ') || 'unknown'),
      content ? h('blockquote', {class: 'content'}, contentText(content))
          : h('p', {class: 'muted small no-content'}, missingContent(target, held)),
      notes.length ? h('ul', {class: 'notes small'}, notes.map((n) => h('li', {}, `“${n}”`))) : null,
      h('div', {class: 'decision'}, field('Action for followers', action), field('Category', category),
          field('Public reason', reason)),
      h('div', {class: 'actions'}, block, dismiss));
}

/** An appeal asks the moderator to lift the list's block of its target: granting it publishes a retraction. */
function appealItem(list, group, reload) {
  const target = group[0].target;
  const {count, notes, reporters} = summary(group);
  const reason = h('input', {type: 'text', name: 'reason', maxlength: 1000,
    placeholder: 'Why the block is lifted, in a sentence followers will read (optional)'});
  const grant = button('Grant', 'grant', (el) => resolver(group,
      () => ({decision: 'grant', reason: reason.value.trim() || undefined}), el,
      `Granted: ${list.name} no longer blocks ${target}.`, reload));
  const dismiss = button('Dismiss', 'secondary dismiss', (el) => resolver(group, () => ({decision: 'dismiss'}), el,
      `Dismissed the appeal: the block of ${target} stands.`, reload));
  return h('li', {class: 'queue-item appeal', dataset: {target, appeal: 'true'}},
      h('div', {class: 'row'}, h('span', {class: 'pill warn'}, 'Appeal'), ' ',
          h('code', {class: 'target grow break'}, target),
          h('span', {class: 'badge'}, plural(count, 'appeal'))),
      h('p', {class: 'small'}, `Asks you to lift the block of this target in ${list.name} · from `,
          reporters.map((r) => shortId(r)).join(', ') || 'unknown'),
      notes.length ? h('ul', {class: 'notes small'}, notes.map((n) => h('li', {}, `“${n}”`))) : null,
      h('div', {class: 'decision'}, field('Public reason for lifting it', reason)),
      h('div', {class: 'actions'}, grant, dismiss));
}

/** Why the desk shows no content for a target, in the words of its kind. */
function missingContent(target, held) {
  const [kind, rest = ''] = target.split(/:(.*)/s);
  if (kind === 'channel') {
    const channel = held.get(rest);
    return channel ? h('span', {}, 'The whole channel ', h('a', {href: `#/channels/${enc(rest)}`}, channel.name || shortId(rest)),
        channel.description ? ` — “${channel.description}”` : '', '.')
        : 'The whole channel. You do not follow it: subscribe to it to read what is reported.';
  }
  if (kind === 'peer') return 'A person (a peer), not a piece of content: blocking them covers what they send and write.';
  if (kind === 'post') return 'The post is not on this node: subscribe to its channel to read it.';
  if (kind === 'blob') return 'A file, known by its hash; this node does not hold it.';
  return 'Known only by its digest: there is no content to show.';
}

/** Categories come as a list, or as an object counting reports per category (most reported first). */
function categoryNames(categories) {
  if (!categories) return [];
  return Array.isArray(categories) ? categories
      : Object.entries(categories).sort((a, b) => b[1] - a[1]).map(([name]) => name);
}

const contentCache = new Map();

/**
 * The reported post's text when this node holds the channel (the moderator follows it), for
 * items that come without their content.
 */
async function fetchContent(items) {
  const wanted = items.filter((item) => !item.content && !contentCache.has(item.target)
      && /^post:[^/]+\/\d+$/.test(item.target));
  await Promise.all(wanted.map(async (item) => {
    const [, feed, sequence] = item.target.match(/^post:([^/]+)\/(\d+)$/);
    try {
      const page = await api.get(`/api/channels/${enc(feed)}/posts?since=${Number(sequence) - 1}&limit=1`);
      const post = page.posts.find((p) => p.sequence === Number(sequence));
      if (post) contentCache.set(item.target, {text: post.text});
    } catch {
      // the channel is not on this node: the desk says so
    }
  }));
}

function contentText(content) {
  if (typeof content === 'string') return content;
  return content.text ?? content.name ?? JSON.stringify(content);
}

/**
 * Every block and retraction the list signed, newest first, marking the blocks no longer in force;
 * a block in force can be retracted from here.
 */
function historyOf(list, rules, reload) {
  if (rules.length === 0) return h('p', {class: 'muted'}, 'No entries yet.');
  // The entries carry their own numbers: a plain list, so that they are not numbered twice.
  return h('ul', {class: 'history small'}, [...rules].reverse().map((rule) => h('li', {class: 'history-entry',
    dataset: {sequence: rule.sequence}},
  `#${rule.sequence} `,
  h('strong', {}, rule.kind === 'retraction' ? 'retracted ' : 'blocked '),
  h('code', {}, rule.target), rule.category ? ` — ${rule.category}` : '',
  rule.reason ? ` — “${rule.reason}”` : '', rule.action ? ` (${rule.action})` : '',
  rule.kind === 'block' && !rule.inForce ? ' — no longer in force' : '',
  ' · ', time(rule.createdAt),
  rule.kind === 'block' && rule.inForce ? retractForm(list, rule, reload) : null)));
}

/** Lifts a block of the list: the retraction is signed and published with its public reason. */
function retractForm(list, rule, reload) {
  const reason = h('input', {type: 'text', name: 'reason', required: true, maxlength: 1000,
    placeholder: 'Why it is lifted (public)'});
  const retract = h('button', {type: 'submit', class: 'secondary retract'}, 'Retract');
  const form = h('form', {class: 'retract-form inline-form', onsubmit: async (event) => {
    event.preventDefault();
    const result = await attempt(() => api.post(`/api/blocklists/${enc(list.id)}/retractions`,
        {target: rule.target, reason: reason.value.trim()}), retract);
    if (result) {
      toast(`Retracted: ${list.name} no longer blocks ${rule.target} (entry #${result.sequence}).`, 'ok');
      await reload();
    }
  }}, field('Reason for retracting', reason), retract);
  return h('details', {class: 'retract'}, h('summary', {}, 'Retract…'), form);
}
