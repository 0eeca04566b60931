// Chats: the conversation list with unread counts, and one conversation with live messages,
// their delivery states and why they wait or failed, earlier messages on request, the
// disappearing-message timer, deleting the chat, naming an unknown peer and the composer (Enter sends).
import {api, enc, on, emit} from '../api.js';
import {h, replace, shortId, time, field, plural} from '../dom.js';
import {attempt, toast} from '../ui.js';
import {addContact, showSafetyNumber} from './contacts.js';

const STATE_LABELS = {
  'queued': 'queued', 'sent-to-mailbox': 'in mailbox', 'delivered': 'delivered', 'read': 'read',
  'failed': 'failed', 'received': 'received',
};
/**
 * How far along each state is. A copy of a message can arrive after a newer one (the answer to
 * the POST that sent it, after the event that it was delivered): a lower rank is then stale.
 */
const STATE_RANK = {'received': 0, 'queued': 0, 'sent-to-mailbox': 1, 'delivered': 2, 'failed': 2, 'read': 3};
const TIMERS = [0, 300, 3600, 86400, 604800];
/** Messages per page: the newest page at first, older ones on request. */
const PAGE = 100;
/** While a message waits, how often to ask the node again why (it publishes no event for that). */
const WAITING_POLL_MILLIS = 5000;

export async function render(main, peer) {
  const listPane = h('section', {class: 'pane conversations', 'aria-label': 'Conversations'});
  const chatPane = h('section', {class: 'pane chat', 'aria-label': 'Conversation'});
  replace(main, h('h1', {class: 'visually-hidden'}, 'Chats'),
      h('div', {class: peer ? 'split has-chat' : 'split'}, listPane, chatPane));
  // The address may name the peer as the user typed it, a contact's name included: the node resolves it
  // as it does everywhere (ignoring case and look-alike forms) and answers whom it stands for.
  const first = peer ? await api.get(`/api/conversations/${enc(peer)}/messages?limit=${PAGE}`) : null;
  const peerId = first?.peerId ?? null;
  const offs = [];
  const reloadList = () => loadList(listPane, peerId).catch(() => {});
  await loadList(listPane, peerId);
  // A message received in the open conversation reloads the list once it has been marked read;
  // every other message (the user's own included: "You: …") reloads it at once.
  offs.push(on('message', (event) => {
    const message = event.message;
    if (!peerId || message?.peerId !== peerId || message.direction === 'out') reloadList();
  }), on('conversation-read', reloadList), on('messages-deleted', reloadList), on('contact', reloadList),
  on('open', reloadList));
  if (first) {
    offs.push(...await conversation(chatPane, first));
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

/** "2 hours", "5 minutes", "Off": a timer in the largest unit that divides it. */
export function durationLabel(seconds) {
  if (!seconds) return 'Off';
  for (const [unit, word] of [[604800, 'week'], [86400, 'day'], [3600, 'hour'], [60, 'minute']]) {
    if (seconds % unit === 0) return plural(seconds / unit, word);
  }
  return plural(seconds, 'second');
}

function timerNotice(seconds, by, name) {
  const who = by === 'peer' ? name : 'You';
  return seconds ? `${who} set disappearing messages to ${durationLabel(seconds)}`
      : `${who} turned disappearing messages off`;
}

/** The conversation whose first page of messages is given. */
async function conversation(pane, first) {
  const {peerId} = first;
  const {contacts} = await api.get('/api/contacts');
  let contact = contacts.find((c) => c.peerId === peerId) ?? {peerId};
  const nameOf = () => contact.name || shortId(peerId);
  const list = h('ol', {class: 'messages', id: 'messages', 'aria-live': 'polite', 'aria-label': 'Messages'});
  const byId = new Map();

  function put(message) {
    const existing = byId.get(message.id);
    if (existing && rank(message.state) < rank(existing.dataset.state)) return; // a stale copy
    // Unchanged: keep the element (and whatever the user selected in it) when the page is read again.
    if (existing && existing.dataset.state === message.state && existing.dataset.failure === (message.failure ?? '')) return;
    const el = messageItem(message);
    if (existing) existing.replaceWith(el);
    else list.append(el);
    byId.set(message.id, el);
  }
  function setState(id, state) {
    const el = byId.get(id);
    if (!el || rank(state) < rank(el.dataset.state)) return;
    el.dataset.state = state;
    const badge = el.querySelector('.state');
    if (badge) badge.textContent = STATE_LABELS[state] ?? state;
  }

  // Earlier messages, a page at a time, above the ones shown; what the user looks at stays put.
  const earlierButton = h('button', {type: 'button', class: 'secondary', name: 'load-earlier', onclick: async () => {
    const oldest = list.querySelector('.message')?.dataset.id;
    if (!oldest) return;
    const page = await attempt(() => api.get(
        `/api/conversations/${enc(peerId)}/messages?limit=${PAGE}&before=${enc(oldest)}`), earlierButton);
    if (!page) return;
    const fromBottom = list.scrollHeight - list.scrollTop;
    const anchor = earlierItem.nextSibling;
    for (const message of page.messages) {
      if (byId.has(message.id)) continue;
      const el = messageItem(message);
      byId.set(message.id, el);
      list.insertBefore(el, anchor);
    }
    earlierItem.hidden = !page.earlier;
    list.scrollTop = list.scrollHeight - fromBottom;
  }}, 'Load earlier messages');
  const earlierItem = h('li', {class: 'load-earlier', hidden: !first.earlier}, earlierButton);
  list.append(earlierItem);
  first.messages.forEach(put);

  // Why messages wait (no prekey bundle of theirs, no mailbox…), while they do.
  const notSent = h('p', {class: 'notice warn not-sent', id: 'not-sent', role: 'status', hidden: true});
  function showNotSent(reason) {
    notSent.hidden = !reason;
    notSent.textContent = reason ? `Not sent yet: ${reason}` : '';
  }
  showNotSent(first.notSentBecause);
  async function refreshNewest() {
    const fresh = await api.get(`/api/conversations/${enc(peerId)}/messages?limit=${PAGE}`).catch(() => null);
    if (!fresh) return;
    fresh.messages.forEach(put);
    showNotSent(fresh.notSentBecause);
  }
  const waiting = setInterval(() => {
    if (!notSent.hidden || list.querySelector('.message.out[data-state="queued"]')) refreshNewest();
  }, WAITING_POLL_MILLIS);

  // The disappearing-message timer: any value the node has (the CLI takes any), and a line in
  // the chat whenever it changes, whoever changed it.
  let timerSeconds = contact.disappearingSeconds ?? 0;
  const timer = h('select', {name: 'disappearing', onchange: async () => {
    const seconds = Number(timer.value);
    const done = await attempt(() => api.post(`/api/contacts/${enc(peerId)}/disappearing`, {seconds}), timer);
    if (done) timerChanged(seconds, 'you');
    else fillTimer(); // back to what the node has
  }});
  function fillTimer() {
    const choices = TIMERS.includes(timerSeconds) ? TIMERS : [...TIMERS, timerSeconds].sort((a, b) => a - b);
    replace(timer, choices.map((seconds) => h('option', {value: seconds}, durationLabel(seconds))));
    timer.value = String(timerSeconds);
  }
  function timerChanged(seconds, by) {
    if (seconds === timerSeconds) return; // told twice: by the answer and by the event
    timerSeconds = seconds;
    fillTimer();
    list.append(h('li', {class: 'event-line'}, timerNotice(seconds, by, nameOf())));
    scrollDown();
  }
  fillTimer();

  const erase = h('button', {type: 'button', class: 'secondary', name: 'delete-chat', onclick: async () => {
    if (!confirm(`Delete every message with ${nameOf()} from this node? They keep theirs. What has not left this node is not sent; what is on its way is still delivered.`)) return;
    await attempt(() => api.del(`/api/conversations/${enc(peerId)}/messages`), erase);
  }}, 'Delete chat');

  // Under the header: adding an unknown peer as a contact, or the safety number.
  const panel = h('div', {class: 'chat-panel', id: 'chat-panel', hidden: true});
  let panelShows = null;
  function togglePanel(what, draw) {
    if (panelShows === what) {
      panel.hidden = true;
      panelShows = null;
      return;
    }
    panelShows = what;
    panel.hidden = false;
    draw();
  }
  const header = h('header', {class: 'chat-header'});
  function drawHeader() {
    replace(header,
        h('a', {href: '#/chats', class: 'back', 'aria-label': 'Back to all chats'}, '←'),
        h('h2', {title: peerId}, nameOf()),
        contact.verified ? h('span', {class: 'pill ok'}, 'verified') : null,
        contact.name ? null : h('button', {type: 'button', class: 'secondary', name: 'add-contact',
          onclick: () => togglePanel('add', drawAddForm)}, 'Add as contact'),
        h('button', {type: 'button', class: 'secondary', name: 'safety-number',
          onclick: () => togglePanel('safety', () => showSafetyNumber(contact, panel, reloadContact))},
        'Safety number'),
        h('div', {class: 'timer'}, field('Disappearing messages', timer)), erase);
  }
  async function reloadContact() {
    const {contacts: now} = await api.get('/api/contacts');
    contact = now.find((c) => c.peerId === peerId) ?? {peerId}; // removed, with no chat to keep them listed
    drawHeader();
    if (panelShows === 'safety') showSafetyNumber(contact, panel, reloadContact);
  }
  function drawAddForm() {
    const name = h('input', {type: 'text', name: 'name', required: true, maxlength: 100, autocomplete: 'off'});
    const save = h('button', {type: 'submit'}, 'Add contact');
    replace(panel, h('form', {class: 'add-contact', onsubmit: async (event) => {
      event.preventDefault();
      if (!name.value.trim()) return;
      const result = await attempt(() => addContact(peerId, name.value.trim()), save);
      if (!result) return;
      toast(result.message, 'ok');
      panel.hidden = true;
      panelShows = null;
      await reloadContact();
    }}, field(`Name for ${shortId(peerId)}`, name), h('div', {class: 'actions'}, save)));
    name.focus();
  }
  drawHeader();

  const text = h('textarea', {name: 'text', rows: 2, required: true, placeholder: 'Write a message',
    'aria-describedby': 'send-hint'});
  const send = h('button', {type: 'submit'}, 'Send');
  let sending = false;
  const form = h('form', {class: 'composer', onsubmit: async (event) => {
    event.preventDefault();
    if (sending) return; // Enter pressed again before the node answered: the message is on its way
    const body = text.value.trim();
    if (!body) return;
    sending = true;
    text.value = '';
    try {
      const sent = await attempt(() => api.post('/api/messages', {to: peerId, text: body}), send);
      if (sent) {
        put(sent);
        scrollDown();
      } else if (!text.value) {
        text.value = body; // not sent: nothing typed is lost
      }
    } finally {
      sending = false;
    }
    text.focus();
  }}, field('Message', text), h('small', {id: 'send-hint', class: 'hint'}, 'Enter sends, Shift+Enter starts a new line.'),
  send);
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (!sending) form.requestSubmit();
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

  replace(pane, header, panel, list, notSent, form);
  scrollDown();
  text.focus();
  markRead();

  return [
    () => clearInterval(waiting),
    on('message', (event) => {
      const message = event.message;
      if (message?.peerId !== peerId) return;
      put(message);
      scrollDown();
      if (message.direction === 'in') markRead();
    }),
    on('message-state', (event) => {
      if (event.peerId !== peerId) return;
      setState(event.id, event.state);
      if (event.state === 'failed') refreshNewest(); // the event does not say why; the message does
    }),
    on('messages-deleted', (event) => {
      if (event.peerId !== peerId) return;
      for (const id of event.ids ?? []) {
        byId.get(id)?.remove();
        byId.delete(id);
      }
    }),
    on('disappearing-timer', (event) => {
      if (event.peerId === peerId) timerChanged(event.seconds, event.by);
    }),
    on('contact', (event) => {
      if (event.contact?.peerId === peerId) reloadContact().catch(() => {}); // changed elsewhere
    }),
    on('open', async () => {
      await refreshNewest();
      // The contact, or the timer, changed while the stream was down: show them as they are now, the timer
      // without a line (who changed it is unknown).
      try {
        await reloadContact();
      } catch {
        return;
      }
      const seconds = contact.disappearingSeconds;
      if (seconds !== undefined && seconds !== timerSeconds) {
        timerSeconds = seconds;
        fillTimer();
      }
    }),
  ];
}

function rank(state) {
  return STATE_RANK[state] ?? 0;
}

/** One message as the chat shows it; a failed one says why. */
export function messageItem(message) {
  const out = message.direction === 'out';
  const failed = out && message.state === 'failed' && message.failure;
  return h('li', {class: `message ${out ? 'out' : 'in'}`,
    dataset: {id: message.id, state: message.state, failure: message.failure ?? ''}},
      h('p', {class: 'text'}, message.text),
      h('div', {class: 'meta'},
          time(out ? message.sentAt : (message.receivedAt ?? message.sentAt)),
          out ? h('span', {class: `state`}, STATE_LABELS[message.state] ?? message.state) : null,
          failed ? h('span', {class: 'failure'}, message.failure) : null,
          message.expiresAt ? h('span', {class: 'expires', title: new Date(message.expiresAt).toLocaleString()},
              'disappears') : null));
}
