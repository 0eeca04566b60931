// Channels: subscribe by link, create, read with live posts, post (with files), edit and delete as
// author; serving peers, catch-up progress, equivocation warnings, and what the user's blocklists decided.
import {api, enc, on} from '../api.js';
import {h, replace, field, time, shortId, copyButton, progress, count, plural} from '../dom.js';
import {attempt, toast, why, warned, reportButton} from '../ui.js';

const HIDING = new Set(['hide', 'drop']);
const MIB = 1024 * 1024;
/** How many of the newest posts a channel's page shows. */
const PAGE_POSTS = 200;
// The node's limits (Blob.MAX_SIZE, Post.MAX_ATTACHMENTS), checked here so that nothing large is sent to be refused.
const MAX_FILE_BYTES = 16 * MIB;
const MAX_FILES = 16;

/** Why the node would refuse a post of this text and these files, or null. */
function attachmentProblem(text, files) {
  if (!text.trim() && files.length === 0) return 'A post needs a text or a file.';
  if (files.length > MAX_FILES) return `A post has at most ${MAX_FILES} files.`;
  const large = files.find((f) => f.size > MAX_FILE_BYTES);
  return large ? `${large.name} is larger than ${MAX_FILE_BYTES / MIB} MiB, the limit for a file.` : null;
}

async function base64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
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
            h('strong', {}, c.name || shortId(c.id)), why(c.decision)))));
  }

  const link = h('input', {type: 'text', name: 'link', required: true, placeholder: 'samizdat:channel/…',
    autocomplete: 'off'});
  const subscribe = h('button', {type: 'submit'}, 'Subscribe');
  const subscribeForm = h('form', {class: 'card inline-form', id: 'subscribe-form', onsubmit: async (event) => {
    event.preventDefault();
    const channel = await attempt(() => api.post('/api/channels/subscribe', {link: link.value.trim()}), subscribe);
    if (channel) {
      subscribeForm.reset();
      location.hash = `#/channels/${enc(channel.id)}`;
    }
  }}, h('h2', {}, 'Subscribe'), field('Channel link', link), h('div', {class: 'actions'}, subscribe));

  const name = h('input', {type: 'text', name: 'name', required: true, maxlength: 200});
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
      h('a', {href: `#/channels/${enc(c.id)}`, class: 'channel-name'}, c.name || shortId(c.id)),
      h('span', {class: 'pill'}, c.role === 'author' ? 'yours' : 'subscribed'),
      c.forks > 0 || c.forks?.length > 0 ? h('span', {class: 'pill danger'}, 'equivocation detected') : null,
      c.decision?.action === 'warn' ? h('span', {class: 'pill warn'}, 'warned') : null,
      h('div', {class: 'small muted'}, [c.description, plural(c.headSequence ?? 0, 'entry', 'entries'),
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
  const posts = h('ol', {class: 'posts', id: 'posts', 'aria-live': 'polite', 'aria-label': 'Posts', reversed: true});
  const notices = h('div', {class: 'notices'});
  const bySequence = new Map();
  const syncBox = h('div', {class: 'sync', id: 'channel-sync'});
  const serving = h('span', {id: 'serving'}, servedBy(info, true));
  // How many peers serve the channel changes as subscribers come and go; re-read it now and then.
  async function refreshInfo() {
    const fresh = (await api.get('/api/channels').catch(() => ({channels: []}))).channels.find((c) => c.id === info.id);
    if (fresh) replace(serving, servedBy(fresh, true));
  }

  function put(post) {
    const el = postItem(info, post, put);
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

  async function load() {
    const page = await api.get(`/api/channels/${enc(info.id)}/posts?limit=${PAGE_POSTS}`);
    bySequence.clear();
    posts.replaceChildren();
    [...page.posts].sort((a, b) => b.sequence - a.sequence).forEach(put);
    replace(notices,
        page.forks?.length ? h('div', {class: 'notice danger', role: 'alert', id: 'fork-warning'},
            h('strong', {}, 'Equivocation detected. '),
            'The channel’s key signed two different entries at ',
            page.forks.map((f) => `#${f.sequence}`).join(', '),
            '. Someone holding the key is showing different histories to different readers; both versions are kept as proof.')
            : null,
        HIDING.has(page.decision?.action) || page.decision?.action === 'warn'
            ? h('div', {class: 'notice warn'}, why(page.decision)) : null,
        page.hidden ? h('p', {class: 'muted', id: 'hidden-count'},
            `${page.hidden} post${page.hidden === 1 ? '' : 's'} hidden by your blocklists.`) : null,
        page.earlier ? h('p', {class: 'muted', id: 'earlier-count'}, `The newest ${plural(page.posts.length, 'post')}`
            + ` shown; ${plural(page.earlier, 'earlier post')} not shown here.`) : null);
    if (page.posts.length === 0) posts.append(h('li', {class: 'muted empty'}, 'No posts yet.'));
  }

  let composer = null;
  if (info.role === 'author') {
    const text = h('textarea', {name: 'text', rows: 3, maxlength: 32768});
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
    }}, field('New post', text), field(`Files (up to ${MAX_FILES}, ${MAX_FILE_BYTES / MIB} MiB each)`, files),
    h('div', {class: 'actions'}, publish));
  }

  const unsubscribe = info.role === 'subscriber' ? h('button', {type: 'button', class: 'secondary', onclick: async () => {
    if (!confirm(`Unsubscribe from ${info.name}? Its posts are deleted from this node.`)) return;
    if (await attempt(() => api.del(`/api/channels/${enc(info.id)}`), unsubscribe)) location.hash = '#/channels';
  }}, 'Unsubscribe') : null;

  replace(main,
      h('header', {class: 'channel-header'},
          h('h1', {}, info.name || shortId(info.id)),
          h('p', {class: 'muted'}, info.description || ''),
          h('p', {class: 'small'}, h('span', {class: 'pill'}, info.role === 'author' ? 'yours' : 'subscribed'),
              ' ', serving,
              ' · ', h('span', {class: 'mono break'}, info.link), ' ', copyButton(info.link, 'Copy link'), ' ',
              reportButton(`channel:${info.id}`, `the channel ${info.name}`), ' ', unsubscribe)),
      syncBox, notices, composer, h('section', {'aria-label': 'Posts'}, posts));
  if (info.sync && info.sync.have < info.sync.of) replace(syncBox, progress(info.sync.have, info.sync.of, 'Catching up'));
  await load();

  const offs = [
    on('channel-post', (event) => {
      if (event.channel !== info.id || !event.post) return;
      posts.querySelector('.empty')?.remove();
      if (!HIDING.has(event.post.decision?.action)) put(event.post);
    }),
    on('channel-sync', (event) => {
      if (event.channel !== info.id) return;
      replace(syncBox, event.have < event.of ? progress(event.have, event.of, 'Catching up') : '');
      if (event.have >= event.of) load();
    }),
    on('fork-detected', (event) => {
      if (event.channel === info.id) {
        load();
        toast(`Equivocation detected in ${info.name} at #${event.sequence}.`);
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

function servedBy(channel, capital = false) {
  const n = count(channel.servingPeers);
  return `${capital ? 'Served' : 'served'} by ${plural(n, 'peer')}`;
}

/** A post as a list item; put(changed) shows a new version of it in its place. */
function postItem(info, post, put) {
  const body = h('div', {class: 'post-body'},
      h('p', {class: 'text'}, post.text),
      post.attachments?.length ? h('ul', {class: 'attachments small'}, post.attachments.map((a) =>
          h('li', {}, a.dropped
              ? h('span', {class: 'muted', title: 'Your policy drops this file: it is not fetched or kept'}, a.name || a.blob)
              : h('a', {href: `/api/channels/${enc(info.id)}/attachments/${enc(a.blob)}`, download: a.name || ''},
                  a.name || a.blob),
          ` (${a.mediaType}, ${plural(a.size, 'byte')}${a.dropped ? ', dropped by your policy' : ''})`))) : null);
  const remove = info.role === 'author' ? h('button', {type: 'button', class: 'secondary delete-post', onclick: async () => {
    if (!confirm(`Delete post #${post.sequence}? Readers stop showing it, and its files leave their nodes.`)) return;
    if (await attempt(() => api.del(`/api/channels/${enc(info.id)}/posts/${post.sequence}`), remove)) {
      remove.closest('li.post').remove();
      toast(`Post #${post.sequence} deleted.`, 'ok');
    }
  }}, 'Delete') : null;
  const edit = info.role === 'author' ? h('button', {type: 'button', class: 'secondary edit-post', onclick: async () => {
    const text = prompt(`New text of post #${post.sequence} (its files stay):`, post.text);
    if (text === null || text.trim() === post.text) return;
    const edited = await attempt(() => api.put(`/api/channels/${enc(info.id)}/posts/${post.sequence}`,
        {text: text.trim()}), edit);
    if (edited) {
      put(edited);
      toast(`Post #${post.sequence} edited.`, 'ok');
    }
  }}, 'Edit') : null;
  return h('li', {class: 'post', dataset: {sequence: post.sequence}},
      h('div', {class: 'meta'}, h('span', {class: 'seq'}, `#${post.sequence}`), ' ', time(post.createdAt),
          post.editedAt ? ' (edited)' : '', ' ',
          reportButton(`post:${info.id}/${post.sequence}`, `post #${post.sequence} in ${info.name}`), ' ', edit, ' ',
          remove),
      post.decision?.action === 'warn' ? warned(post.decision, body) : body);
}
