// Channels: subscribe by link, create, read with live posts (and earlier ones on request), post
// (with files), edit and delete as author; serving peers, catch-up progress, equivocation warnings,
// and what the user's blocklists decided, with a way to ask why and to appeal.
import {api, enc, on} from '../api.js';
import {h, replace, field, time, shortId, copyButton, progress, count, plural, bytes} from '../dom.js';
import {attempt, toast, why, warned, reportButton, destroyFeedButton} from '../ui.js';

const HIDING = new Set(['hide', 'drop']);
const MIB = 1024 * 1024;
/** How many posts a channel's page shows at first, and how many more "Load earlier posts" brings. */
const PAGE_POSTS = 200;
/** The most posts the API gives in one page. */
const MAX_PAGE = 10000;
// The node's limits (Blob.MAX_SIZE, Post.MAX_ATTACHMENTS, Post.MAX_TEXT_BYTES, README "Limits"),
// checked here so that nothing is sent only to be refused.
const MAX_FILE_BYTES = 16 * MIB;
const MAX_FILES_BYTES = 18 * MIB;
const MAX_FILES = 16;
const MAX_TEXT_BYTES = 32 * 1024;
/** Channel names, as the node counts them. */
const MAX_NAME = 100;

function textProblem(text) {
  const size = new TextEncoder().encode(text).length;
  return size > MAX_TEXT_BYTES ? `The text is ${bytes(size)}; a post’s text is at most 32 KiB.` : null;
}

/** Why the node would refuse a post of this text and these files, or null. */
function attachmentProblem(text, files) {
  if (!text.trim() && files.length === 0) return 'A post needs a text or a file.';
  if (files.length > MAX_FILES) return `A post has at most ${MAX_FILES} files; you chose ${files.length}.`;
  const large = files.find((f) => f.size > MAX_FILE_BYTES);
  if (large) return `${large.name} is ${bytes(large.size)}, larger than 16 MiB, the limit for a file.`;
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_FILES_BYTES) {
    return `The files add up to ${bytes(total)}, and a post carries at most 18 MiB of files: post them in several posts.`;
  }
  return textProblem(text);
}

async function base64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** What to call a channel: its name, or its short id while no peer has sent its manifest. */
function channelName(c) {
  return c.name || `channel ${shortId(c.id)}`;
}

/** Subscribed, but no peer serving it has answered yet: not even its manifest is here. */
function waitingForPeer(c) {
  return c.role !== 'author' && (c.headSequence ?? -1) < 0;
}

const WAITING = 'Waiting for a peer that serves this channel';

/** The node's refusals that name a command of the command line, in the words of the web client. */
function plainSubscribeError(message) {
  return /is a blocklist/.test(message)
      ? 'This link is a blocklist’s, not a channel’s: follow it under Blocklists.' : message;
}

export async function render(main, id) {
  return id ? channel(main, id) : overview(main);
}

async function overview(main) {
  const list = h('ul', {class: 'channels', id: 'channel-list'});
  const hiddenBox = h('details', {class: 'hidden-channels', id: 'hidden-channels', hidden: true});

  async function load() {
    const {channels} = await api.get('/api/channels');
    const shown = channels.filter((c) => !HIDING.has(c.decision?.action));
    const hidden = channels.filter((c) => HIDING.has(c.decision?.action));
    replace(list, shown.length === 0 ? h('li', {class: 'muted'}, 'No channels yet.') : shown.map(channelItem));
    hiddenBox.hidden = hidden.length === 0;
    replace(hiddenBox, h('summary', {}, `Hidden by your blocklists (${hidden.length})`),
        h('ul', {}, hidden.map((c) => h('li', {class: 'hidden-channel', dataset: {channel: c.id}},
            h('a', {href: `#/channels/${enc(c.id)}`, class: 'channel-name'}, channelName(c)), ' ',
            reportButton(`channel:${c.id}`, `the channel ${channelName(c)}`, c.decision), why(c.decision)))));
  }

  const link = h('input', {type: 'text', name: 'link', required: true, placeholder: 'samizdat:channel/…',
    autocomplete: 'off'});
  const subscribe = h('button', {type: 'submit'}, 'Subscribe');
  const subscribeForm = h('form', {class: 'card inline-form', id: 'subscribe-form', onsubmit: async (event) => {
    event.preventDefault();
    const channel = await attempt(() => api.post('/api/channels/subscribe', {link: link.value.trim()}), subscribe,
        plainSubscribeError);
    if (channel) {
      subscribeForm.reset();
      location.hash = `#/channels/${enc(channel.id)}`;
    }
  }}, h('h2', {}, 'Subscribe'), field('Channel link', link), h('div', {class: 'actions'}, subscribe));

  const name = h('input', {type: 'text', name: 'name', required: true, maxlength: MAX_NAME});
  const description = h('input', {type: 'text', name: 'description', maxlength: 2000});
  const create = h('button', {type: 'submit'}, 'Create channel');
  const createForm = h('form', {class: 'card inline-form', id: 'create-channel', onsubmit: async (event) => {
    event.preventDefault();
    const channel = await attempt(() => api.post('/api/channels',
        {name: name.value.trim(), description: description.value.trim() || undefined}), create);
    if (channel) {
      createForm.reset();
      location.hash = `#/channels/${enc(channel.id)}`;
    }
  }}, h('h2', {}, 'Create a channel'), field('Name', name), field('Description (optional)', description),
  h('div', {class: 'actions'}, create));

  replace(main, h('h1', {}, 'Channels'), h('div', {class: 'two'}, subscribeForm, createForm),
      h('section', {class: 'card'}, h('h2', {}, 'Your channels'), list, hiddenBox));
  await load();
  const offs = [
    on('channel-post', load), on('fork-detected', load), on('open', load),
    on('channel-sync', (event) => {
      const el = list.querySelector(`[data-channel="${CSS.escape(event.channel)}"] .sync`);
      if (el) replace(el, event.have < event.of ? progress(event.have, event.of, 'Catching up') : '');
    }),
  ];
  return () => offs.forEach((off) => off());
}

function channelItem(c) {
  return h('li', {class: 'channel', dataset: {channel: c.id}},
      h('a', {href: `#/channels/${enc(c.id)}`, class: 'channel-name'}, channelName(c)),
      h('span', {class: 'pill'}, c.role === 'author' ? 'yours' : 'subscribed'),
      c.forks > 0 || c.forks?.length > 0 ? h('span', {class: 'pill danger'}, 'equivocation detected') : null,
      c.decision?.action === 'warn' ? h('span', {class: 'pill warn'}, 'warned') : null,
      // No count of entries: edits and deletions are entries too, and the channel's page counts its posts.
      h('div', {class: 'small muted'}, [c.description, waitingForPeer(c) ? WAITING : null,
        servedBy(c)].filter(Boolean).join(' · ')),
      h('div', {class: 'sync'}, c.sync && c.sync.have < c.sync.of ? progress(c.sync.have, c.sync.of, 'Catching up') : ''));
}

async function channel(main, id) {
  const {channels} = await api.get('/api/channels');
  const info = channels.find((c) => c.id === id || c.link === id);
  if (!info) {
    replace(main, h('h1', {}, 'Channel'), h('p', {}, 'You do not follow this channel. ',
        h('a', {href: '#/channels'}, 'Subscribe to it by its link.')));
    return undefined;
  }
  const own = info.role === 'author';
  const posts = h('ol', {class: 'posts', id: 'posts', 'aria-live': 'polite', 'aria-label': 'Posts', reversed: true});
  const postsSection = h('section', {'aria-label': 'Posts'}, posts);
  const notices = h('div', {class: 'notices'});
  const earlierBox = h('div', {class: 'earlier', id: 'earlier'});
  const hiddenBox = h('div', {id: 'hidden-posts'});
  const bySequence = new Map();
  /** The sequences of the posts the user's lists hide, among those read so far. */
  const hiddenPosts = new Set();
  let earlier = 0;
  /** Set once the user opened a channel that their lists warn about: reloads keep it open. */
  let revealed = false;
  const syncBox = h('div', {class: 'sync', id: 'channel-sync'});
  const serving = h('span', {id: 'serving'}, servedBy(info, true));
  const title = h('h1', {}, channelName(info));
  const description = h('p', {class: 'muted'}, info.description || '');
  const postCount = h('span', {id: 'post-count'});
  // How many peers serve the channel changes as subscribers come and go; re-read it now and then.
  async function refreshInfo() {
    const fresh = (await api.get('/api/channels').catch(() => ({channels: []}))).channels.find((c) => c.id === info.id);
    if (!fresh) return;
    replace(serving, servedBy(fresh, true));
    if (waitingForPeer(info) && !waitingForPeer(fresh)) {
      // The manifest arrived: the channel has a name now, and perhaps posts.
      Object.assign(info, fresh);
      title.textContent = channelName(info);
      description.textContent = info.description || '';
      await load();
    }
  }

  function put(post) {
    const el = postItem(info, post, put, channelWarning);
    const existing = bySequence.get(post.sequence);
    if (existing) {
      existing.replaceWith(el);
    } else {
      const after = [...bySequence.keys()].filter((s) => s < post.sequence).sort((a, b) => b - a)[0];
      if (after === undefined) posts.append(el);
      else posts.insertBefore(el, bySequence.get(after));
    }
    bySequence.set(post.sequence, el);
  }

  let channelWarning = null;

  /** Re-reads the newest posts, as many as are shown (the earlier ones the user loaded stay). */
  async function load() {
    const shown = Math.min(MAX_PAGE, Math.max(PAGE_POSTS, bySequence.size));
    const page = await api.get(`/api/channels/${enc(info.id)}/posts?limit=${shown}`);
    const decision = page.decision;
    channelWarning = decision?.action === 'warn' ? decision : null;
    bySequence.clear();
    posts.replaceChildren();
    hiddenPosts.clear();
    (page.hiddenPosts ?? []).forEach((sequence) => hiddenPosts.add(sequence));
    [...page.posts].sort((a, b) => b.sequence - a.sequence).forEach(put);
    earlier = page.earlier ?? 0;
    replace(postCount, page.posts.length + earlier + (page.later ?? 0) === 0 ? ''
        : ` · ${plural(page.posts.length + earlier + (page.later ?? 0), 'post')}`);
    replace(notices,
        waitingForPeer(info) ? h('div', {class: 'notice', id: 'waiting', role: 'status'}, h('strong', {}, `${WAITING}. `),
            'Its name and posts appear here as soon as one answers; keep this page open or come back later.') : null,
        page.forks?.length ? h('div', {class: 'notice danger', role: 'alert', id: 'fork-warning'},
            h('strong', {}, 'Equivocation detected. '),
            'The channel’s key signed two different entries at ',
            page.forks.map((f) => `#${f.sequence}`).join(', '),
            '. Someone holding the key is showing different histories to different readers; both versions are kept as proof.')
            : null,
        HIDING.has(decision?.action) ? h('div', {class: 'notice warn', id: 'channel-hidden'}, why(decision),
            reportButton(`channel:${info.id}`, `the channel ${channelName(info)}`, decision),
            page.hidden ? h('p', {}, `Its ${plural(page.hidden, 'post')} ${page.hidden === 1 ? 'is' : 'are'} hidden with it.`)
                : null) : null,
        channelWarning && !revealed ? channelWarningNotice(channelWarning) : null);
    postsSection.hidden = Boolean(channelWarning) && !revealed;
    showEarlier();
    // A channel hidden as a whole hides every post: listing each of them would say nothing more.
    showHidden(HIDING.has(decision?.action) ? new Set() : hiddenPosts);
    if (page.posts.length === 0 && !HIDING.has(decision?.action) && !waitingForPeer(info)) {
      posts.append(h('li', {class: 'muted empty'}, page.hidden ? 'Every post here is hidden by your blocklists.'
          : 'No posts yet.'));
    }
  }

  /** One warning for the whole channel, with one button that opens all of it. */
  function channelWarningNotice(decision) {
    const reveal = h('button', {type: 'button', class: 'secondary reveal', onclick: () => {
      revealed = true;
      postsSection.hidden = false;
      reveal.closest('.warned').remove();
    }}, 'Show anyway');
    return h('div', {class: 'warned', id: 'channel-warning'}, h('p', {class: 'warning-title'},
        'Warning from your blocklists about this channel'), why(decision),
    reportButton(`channel:${info.id}`, `the channel ${channelName(info)}`, decision), ' ', reveal);
  }

  function showEarlier() {
    replace(earlierBox, earlier > 0 ? h('p', {class: 'muted', id: 'earlier-count'},
        `${plural(earlier, 'earlier post')} not shown yet. `, loadEarlierButton) : null);
  }

  /** The page before the oldest post shown: lets an author reach an old post to edit or delete it. */
  const loadEarlierButton = h('button', {type: 'button', class: 'secondary load-earlier', onclick: async () => {
    const oldest = Math.min(...bySequence.keys());
    const page = await attempt(() => api.get(
        `/api/channels/${enc(info.id)}/posts?before=${oldest}&limit=${PAGE_POSTS}`), loadEarlierButton);
    if (!page) return;
    page.posts.forEach(put);
    (page.hiddenPosts ?? []).forEach((sequence) => hiddenPosts.add(sequence));
    earlier = page.earlier ?? 0;
    showEarlier();
    showHidden(hiddenPosts);
  }}, 'Load earlier posts');

  /** The posts the lists hide, each by its number, with the question why and a way to appeal. */
  function showHidden(sequences) {
    const sorted = [...sequences].sort((a, b) => b - a);
    replace(hiddenBox, sorted.length === 0 ? null : h('details', {class: 'hidden-posts'},
        h('summary', {id: 'hidden-count'}, `${plural(sorted.length, 'post')} hidden by your blocklists`),
        h('ul', {}, sorted.map((sequence) => hiddenPostItem(info, sequence)))));
  }

  let composer = null;
  if (own) {
    const text = h('textarea', {name: 'text', rows: 3});
    const files = h('input', {type: 'file', name: 'files', multiple: true});
    const publish = h('button', {type: 'submit'}, 'Publish');
    composer = h('form', {class: 'card composer-post', id: 'post-form', onsubmit: async (event) => {
      event.preventDefault();
      const chosen = [...files.files];
      const problem = attachmentProblem(text.value, chosen);
      if (problem) {
        toast(problem);
        return;
      }
      const post = await attempt(async () => api.post(`/api/channels/${enc(info.id)}/posts`, {
        text: text.value.trim(),
        attachments: await Promise.all(chosen.map(async (file) => ({
          data: await base64(file), mediaType: file.type || 'application/octet-stream', name: file.name}))),
      }), publish);
      if (post) {
        composer.reset();
        posts.querySelector('.empty')?.remove();
        put(post);
      }
    }}, field('New post', text),
    field(`Files (up to ${MAX_FILES}, 16 MiB each, 18 MiB together)`, files),
    h('div', {class: 'actions'}, publish));
  }

  const unsubscribe = info.role === 'subscriber' ? h('button', {type: 'button', class: 'secondary', onclick: async () => {
    if (!confirm(`Unsubscribe from ${channelName(info)}? Its posts are deleted from this node.`)) return;
    if (await attempt(() => api.del(`/api/channels/${enc(info.id)}`), unsubscribe)) location.hash = '#/channels';
  }}, 'Unsubscribe') : null;
  const destroy = own ? destroyFeedButton({name: 'destroy-channel', path: `/api/channels/${enc(info.id)}/destroy`,
    question: `Destroy ${channelName(info)}? Its key, posts and files are deleted from this node: nobody, you`
        + ' included, can ever post to it again. Subscribers keep the posts they hold. This cannot be undone.',
    done: `Destroyed ${channelName(info)} on this node; its subscribers keep their copies.`,
    after: () => { location.hash = '#/channels'; }}) : null;

  replace(main,
      h('header', {class: 'channel-header'},
          title, description,
          h('p', {class: 'small'}, h('span', {class: 'pill'}, own ? 'yours' : 'subscribed'),
              ' ', serving, postCount,
              ' · ', h('span', {class: 'mono break'}, info.link), ' ', copyButton(info.link, 'Copy link'), ' ',
              // Nobody reports their own channel to a list: they can edit or delete what they wrote.
              own ? null : reportButton(`channel:${info.id}`, `the channel ${channelName(info)}`, info.decision), ' ',
              unsubscribe, destroy)),
      syncBox, notices, composer, postsSection, earlierBox, hiddenBox);
  if (info.sync && info.sync.have < info.sync.of) replace(syncBox, progress(info.sync.have, info.sync.of, 'Catching up'));
  await load();

  const offs = [
    on('channel-post', (event) => {
      if (event.channel !== info.id || !event.post) return;
      if (HIDING.has(event.post.decision?.action)) {
        hiddenPosts.add(event.post.sequence);
        if (!HIDING.has(channelWarning?.action)) showHidden(hiddenPosts);
        return;
      }
      posts.querySelector('.empty')?.remove();
      put(event.post);
    }),
    on('channel-sync', (event) => {
      if (event.channel !== info.id) return;
      replace(syncBox, event.have < event.of ? progress(event.have, event.of, 'Catching up') : '');
      if (event.have >= event.of) refreshInfo().then(load);
    }),
    on('fork-detected', (event) => {
      if (event.channel === info.id) {
        load();
        toast(`Equivocation detected in ${channelName(info)} at #${event.sequence}.`);
      }
    }),
    on('open', load),
    on('peer-connected', refreshInfo),
  ];
  const timer = setInterval(refreshInfo, 5000);
  return () => {
    clearInterval(timer);
    offs.forEach((off) => off());
  };
}

/** A post the lists hide: its number, and on request why, with a report that may appeal the block. */
function hiddenPostItem(info, sequence) {
  const target = `post:${info.id}/${sequence}`;
  const answer = h('div', {class: 'why-answer'});
  const ask = h('button', {type: 'button', class: 'link why-hidden', onclick: async () => {
    replace(answer);
    const decision = await attempt(() => api.get(`/api/why?target=${enc(target)}`), ask);
    if (decision) {
      replace(answer, why(decision) ?? h('p', {}, 'Nothing you follow hides it any more: reload the page.'),
          reportButton(target, `post #${sequence} in ${channelName(info)}`, decision));
    }
  }}, 'Why?');
  return h('li', {class: 'hidden-post', dataset: {sequence}}, `#${sequence} `, ask, answer);
}

function servedBy(channel, capital = false) {
  const n = count(channel.servingPeers);
  return `${capital ? 'Served' : 'served'} by ${plural(n, 'peer')}`;
}

/**
 * Downloads a post's file through the API and saves it under its author's name; when the node cannot
 * give it (no peer online holds it, the policy drops it), says why instead of failing silently.
 */
async function download(event, url, name) {
  event.preventDefault();
  const link = event.currentTarget;
  link.setAttribute('aria-busy', 'true');
  try {
    const response = await fetch(url, {credentials: 'same-origin'});
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      toast(`${name} could not be downloaded: ${answer.error || `the node answered ${response.status}`}`);
      return;
    }
    // Saved, never shown: the bytes are whatever the author chose, and this page is the API's origin.
    const file = new Blob([await response.blob()], {type: 'application/octet-stream'});
    const href = URL.createObjectURL(file);
    const save = h('a', {href, download: name, hidden: true});
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  } catch {
    toast('The node is not answering. Is it still running?');
  } finally {
    link.removeAttribute('aria-busy');
  }
}

/** Whether the lists warn about this post for reasons of its own, beyond the warning about its whole channel. */
function warnedOnItsOwn(decision, channelWarning) {
  if (decision?.action !== 'warn') return false;
  if (!channelWarning) return true;
  const channelReasons = new Set((channelWarning.reasons ?? []).map((r) => `${r.list} ${r.entry}`));
  return (decision.reasons ?? []).some((r) => !channelReasons.has(`${r.list} ${r.entry}`));
}

/** A post as a list item; put(changed) shows a new version of it in its place. */
function postItem(info, post, put, channelWarning) {
  const own = info.role === 'author';
  const body = h('div', {class: 'post-body'},
      h('p', {class: 'text'}, post.text),
      post.attachments?.length ? h('ul', {class: 'attachments small'}, post.attachments.map((a) => {
        const url = `/api/channels/${enc(info.id)}/attachments/${enc(a.blob)}`;
        const name = a.name || a.blob;
        const action = a.dropped ? 'drop' : a.decision?.action;
        const outcome = {drop: ', dropped by your policy', hide: ', hidden by your policy',
          warn: ', flagged by your policy'}[action] ?? '';
        return h('li', {}, action === 'drop' || action === 'hide'
            ? h('span', {class: 'muted', title: action === 'drop' ? 'Your policy drops this file: it is not fetched or kept'
                : 'Your policy hides this file: allow it to open it'}, name)
            : h('a', {href: url, download: a.name || '', onclick: (event) => download(event, url, name)}, name),
        ` (${a.mediaType}, ${bytes(a.size)}${outcome})`);
      })) : null);
  const remove = own ? h('button', {type: 'button', class: 'secondary delete-post', onclick: async () => {
    if (!confirm(`Delete post #${post.sequence}? Readers stop showing it, and its files leave their nodes.`)) return;
    if (await attempt(() => api.del(`/api/channels/${enc(info.id)}/posts/${post.sequence}`), remove)) {
      remove.closest('li.post').remove();
      toast(`Post #${post.sequence} deleted.`, 'ok');
    }
  }}, 'Delete') : null;
  const edit = own ? h('button', {type: 'button', class: 'secondary edit-post', onclick: () => {
    edit.disabled = true;
    body.replaceWith(editor(info, post, put, () => {
      edit.disabled = false;
      item.querySelector('.post-editor').replaceWith(body);
    }));
  }}, 'Edit') : null;
  const item = h('li', {class: 'post', dataset: {sequence: post.sequence}},
      h('div', {class: 'meta'}, h('span', {class: 'seq'}, `#${post.sequence}`), ' ', time(post.createdAt),
          post.editedAt ? ' (edited)' : '', ' ',
          own ? null : reportButton(`post:${info.id}/${post.sequence}`, `post #${post.sequence} in ${channelName(info)}`,
              post.decision), ' ', edit, ' ', remove),
      warnedOnItsOwn(post.decision, channelWarning) ? warned(post.decision, body) : body);
  return item;
}

/** Edits a post's text in place, lines and all; its files stay. */
function editor(info, post, put, close) {
  const text = h('textarea', {name: 'text', rows: Math.min(20, Math.max(3, post.text.split('\n').length + 1))});
  text.value = post.text;
  const save = h('button', {type: 'submit'}, 'Save');
  const form = h('form', {class: 'post-editor', onsubmit: async (event) => {
    event.preventDefault();
    const changed = text.value.trim();
    if (changed === post.text.trim()) {
      close();
      return;
    }
    const problem = changed === '' ? 'A post’s text cannot be empty: to remove the post, delete it.'
        : textProblem(changed);
    if (problem) {
      toast(problem);
      return;
    }
    const edited = await attempt(() => api.put(`/api/channels/${enc(info.id)}/posts/${post.sequence}`,
        {text: changed}), save);
    if (edited) {
      put(edited);
      toast(`Post #${post.sequence} edited.`, 'ok');
    }
  }}, field(`Text of post #${post.sequence} (its files stay)`, text),
  h('div', {class: 'actions'}, save, h('button', {type: 'button', class: 'secondary', onclick: close}, 'Cancel')));
  setTimeout(() => text.focus());
  return form;
}
