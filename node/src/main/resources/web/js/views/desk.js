// The moderator's desk: the review queue of one of the user's lists, grouped by target, with the
// reported content; block or dismiss in one click; the list's own history.
import {api, enc, on} from '../api.js';
import {h, replace, shortId, time} from '../dom.js';
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
    const [{items}, {rules}] = await Promise.all([
      api.get(`/api/reports?list=${enc(list.id)}`), api.get(`/api/blocklists/${enc(list.id)}/rules`)]);
    await fetchContent(items);
    const open = items.filter((item) => (item.status ?? 'open') === 'open');
    const done = items.filter((item) => (item.status ?? 'open') !== 'open');
    const groups = new Map();
    for (const item of open) {
      if (!groups.has(item.target)) groups.set(item.target, []);
      groups.get(item.target).push(item);
    }
    replace(queue, groups.size === 0 ? h('p', {class: 'muted'}, 'Nothing to review.')
        : h('ul', {class: 'queue'}, [...groups.entries()].map(([target, group]) => queueItem(list, target, group, load))),
        done.length ? h('details', {}, h('summary', {}, `Resolved (${done.length})`),
            h('ul', {class: 'small'}, done.map((item) => h('li', {}, `${item.target} — ${item.status}`)))) : null);
    replace(history, historyOf(rules));
  }

  replace(main, h('h1', {}, 'Moderator’s desk'), picker,
      h('section', {class: 'card'}, h('h2', {}, `Review queue of ${list.name}`), queue),
      h('section', {class: 'card'}, h('h2', {}, 'The list’s history'), history));
  await load();
  const offs = [on('report', (event) => { if (!event.list || event.list === list.id) load(); }), on('open', load)];
  return () => offs.forEach((off) => off());
}

function queueItem(list, target, group, reload) {
  const count = group.reduce((sum, item) => sum + (item.count ?? 1), 0);
  const categories = [...new Set(group.flatMap((item) => categoryNames(item.categories)))];
  const notes = group.flatMap((item) => item.notes ?? []).filter(Boolean);
  const reporters = [...new Set(group.flatMap((item) => item.reporters ?? []))];
  const content = group.map((item) => item.content).find(Boolean) ?? contentCache.get(target);
  const action = h('select', {name: 'action', 'aria-label': `Action for ${target}`},
      ACTIONS.map((a) => h('option', {value: a}, a)));
  // The category decides which followers apply the block: the moderator picks it, the reporters only suggest.
  const category = h('select', {name: 'category', 'aria-label': `Category for ${target}`},
      CATEGORIES.map((c) => h('option', {value: c, selected: c === (categories[0] ?? 'other')}, c)));
  const reason = h('input', {type: 'text', name: 'reason', 'aria-label': `Reason for blocking ${target}`,
    value: categories.join(', ')});
  const resolve = (decision, button) => async () => {
    const body = decision === 'block'
        ? {decision, action: action.value, category: category.value, reason: reason.value.trim() || undefined}
        : {decision};
    for (const item of group) {
      if (!await attempt(() => api.post(`/api/reports/${enc(item.id)}/resolve`, body), button)) return;
    }
    toast(decision === 'block' ? `Blocked ${target} in ${list.name}.` : `Dismissed the reports on ${target}.`, 'ok');
    await reload();
  };
  const block = h('button', {type: 'button', class: 'danger block'}, 'Block');
  block.addEventListener('click', resolve('block', block));
  const dismiss = h('button', {type: 'button', class: 'secondary dismiss'}, 'Dismiss');
  dismiss.addEventListener('click', resolve('dismiss', dismiss));
  return h('li', {class: 'queue-item', dataset: {target}},
      h('div', {class: 'row'}, h('code', {class: 'target grow break'}, target),
          h('span', {class: 'badge'}, `${count} report${count === 1 ? '' : 's'}`)),
      h('p', {class: 'small'}, `categories: ${categories.join(', ') || '–'} · from `,
          reporters.map((r) => shortId(r)).join(', ') || 'unknown'),
      content ? h('blockquote', {class: 'content'}, contentText(content)) : h('p', {class: 'muted small'},
          'The reported content is not on this node.'),
      notes.length ? h('ul', {class: 'notes small'}, notes.map((n) => h('li', {}, `“${n}”`))) : null,
      h('div', {class: 'actions'}, action, category, reason, block, dismiss));
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

/** Every block and retraction the list signed, newest first, marking the blocks no longer in force. */
function historyOf(rules) {
  if (rules.length === 0) return h('p', {class: 'muted'}, 'No entries yet.');
  return h('ol', {class: 'history small', reversed: true}, [...rules].reverse().map((rule) => h('li', {},
      `#${rule.sequence} `,
      h('strong', {}, rule.kind === 'retraction' ? 'retracted ' : 'blocked '),
      h('code', {}, rule.target), rule.category ? ` — ${rule.category}` : '',
      rule.reason ? ` — “${rule.reason}”` : '', rule.action ? ` (${rule.action})` : '',
      rule.kind === 'block' && !rule.inForce ? ' — no longer in force' : '',
      ' · ', time(rule.createdAt))));
}
