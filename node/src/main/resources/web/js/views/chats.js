// Chats: the conversation list with unread counts, and one conversation with live messages,
// their delivery states, the disappearing-message timer, deleting the chat and the composer (Enter sends).
import {api, enc, on, emit} from '../api.js';
import {h, replace, shortId, time, field} from '../dom.js';
import {attempt} from '../ui.js';

const STATE_LABELS = {
  'queued': 'queued', 'sent-to-mailbox': 'in mailbox', 'delivered': 'delivered', 'read': 'read',
  'failed': 'failed', 'received': 'received',
};
const TIMERS = [[0, 'Off'], [300, '5 minutes'], [3600, '1 hour'], [86400, '1 day'], [604800, '1 week']];

export async function render(main, peer) {
  const listPane = h('section', {class: 'pane conversations', 'aria-label': 'Conversations'});
  const chatPane = h('section', {class: 'pane chat', 'aria-label': 'Conversation'});
  replace(main, h('h1', {class: 'visually-hidden'}, 'Chats'),
      h('div', {class: peer ? 'split has-chat' : 'split'}, listPane, chatPane));
  const offs = [];
  const reloadList = () => loadList(listPane, peer).catch(() => {});
  await loadList(listPane, peer);
  // A message in the open conversation reloads the list once it has been marked read.
  offs.push(on('message', (event) => { if (!peer || event.message?.peerId !== peer) reloadList(); }),
      on('conversation-read', reloadList), on('open', reloadList));
  if (peer) {
    offs.push(...await conversation(chatPane, peer));
  } else {
    replace(chatPane, h('p', {class: 'muted center'}, 'Choose a conversation, or start one from ',
        h('a', {href: '#/contacts'}, 'Contacts'), '.'));
  }
  return () => offs.forEach((off) => off());
}

async function loadList(pane, current) {
  const {conversations} = await api.get('/api/conversations');
  replace(pane, h('h2', {}, 'Chats'),
      conversations.length === 0 ? h('p', {class: 'muted'}, 'No conversations yet. Add a contact to start one.')
          : h('ul', {class: 'conversation-list'}, conversations.map((c) => h('li', {},
              h('a', {href: `#/chats/${enc(c.peerId)}`, class: 'conversation', dataset: {peer: c.peerId},
                'aria-current': c.peerId === current ? 'true' : null},
              h('span', {class: 'name'}, c.name || shortId(c.peerId)),
              c.unread ? h('span', {class: 'badge unread', 'aria-label': `${c.unread} unread`}, c.unread) : null,
              h('span', {class: 'preview'}, c.lastMessage ? (c.lastMessage.direction === 'out' ? 'You: ' : '')
                  + c.lastMessage.text : ''))))));
}

async function conversation(pane, peer) {
  const [{contacts}, {messages}] = await Promise.all([
    api.get('/api/contacts'), api.get(`/api/conversations/${enc(peer)}/messages?limit=500`)]);
  const contact = contacts.find((c) => c.peerId === peer || c.name === peer) ?? {peerId: peer};
  const peerId = contact.peerId;
  const list = h('ol', {class: 'messages', id: 'messages', 'aria-live': 'polite', 'aria-label': 'Messages'});
  const byId = new Map();

  function put(message) {
    const existing = byId.get(message.id);
    const el = messageItem(message);
    if (existing) existing.replaceWith(el);
    else list.append(el);
    byId.set(message.id, el);
  }
  function setState(id, state) {
    const el = byId.get(id);
    if (!el) return;
    el.dataset.state = state;
    const badge = el.querySelector('.state');
    if (badge) badge.textContent = STATE_LABELS[state] ?? state;
  }
  messages.forEach(put);

  const timer = h('select', {name: 'disappearing', onchange: async () => {
    await attempt(() => api.post(`/api/contacts/${enc(peerId)}/disappearing`, {seconds: Number(timer.value)}), timer);
  }}, TIMERS.map(([seconds, label]) => h('option', {value: seconds,
    selected: (contact.disappearingSeconds ?? 0) === seconds}, label)));
  const erase = h('button', {type: 'button', class: 'secondary', name: 'delete-chat', onclick: async () => {
    if (!confirm(`Delete every message with ${contact.name || shortId(peerId)} from this node? They keep theirs.`)) return;
    await attempt(() => api.del(`/api/conversations/${enc(peerId)}/messages`), erase);
  }}, 'Delete chat');
  const text = h('textarea', {name: 'text', rows: 2, required: true, placeholder: 'Write a message',
    'aria-describedby': 'send-hint'});
  const send = h('button', {type: 'submit'}, 'Send');
  const form = h('form', {class: 'composer', onsubmit: async (event) => {
    event.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    const sent = await attempt(() => api.post('/api/messages', {to: peerId, text: body}), send);
    if (sent) {
      text.value = '';
      put(sent);
      scrollDown();
    }
    text.focus();
  }}, field('Message', text), h('small', {id: 'send-hint', class: 'hint'}, 'Enter sends, Shift+Enter starts a new line.'),
  send);
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  function scrollDown() {
    list.scrollTop = list.scrollHeight;
  }
  async function markRead() {
    if (document.visibilityState !== 'visible') return;
    await api.post(`/api/conversations/${enc(peerId)}/read`, {}).catch(() => {});
    emit('conversation-read', {type: 'conversation-read', peerId});
  }

  replace(pane,
      h('header', {class: 'chat-header'},
          h('a', {href: '#/chats', class: 'back', 'aria-label': 'Back to all chats'}, '←'),
          h('h2', {}, contact.name || shortId(peerId)),
          contact.verified ? h('span', {class: 'pill ok'}, 'verified') : null,
          h('div', {class: 'timer'}, field('Disappearing messages', timer)), erase),
      list, form);
  scrollDown();
  text.focus();
  markRead();

  return [
    on('message', (event) => {
      if (event.message?.peerId !== peerId) return;
      put(event.message);
      scrollDown();
      markRead();
    }),
    on('message-state', (event) => {
      if (event.peerId === peerId) setState(event.id, event.state);
    }),
    on('messages-deleted', (event) => {
      if (event.peerId !== peerId) return;
      for (const id of event.ids ?? []) {
        byId.get(id)?.remove();
        byId.delete(id);
      }
    }),
    on('open', async () => {
      const fresh = await api.get(`/api/conversations/${enc(peerId)}/messages?limit=500`).catch(() => null);
      fresh?.messages.forEach(put);
    }),
  ];
}

function messageItem(message) {
  const out = message.direction === 'out';
  return h('li', {class: `message ${out ? 'out' : 'in'}`, dataset: {id: message.id, state: message.state}},
      h('p', {class: 'text'}, message.text),
      h('div', {class: 'meta'},
          time(out ? message.sentAt : (message.receivedAt ?? message.sentAt)),
          out ? h('span', {class: `state`}, STATE_LABELS[message.state] ?? message.state) : null,
          message.expiresAt ? h('span', {class: 'expires', title: new Date(message.expiresAt).toLocaleString()},
              'disappears') : null));
}
