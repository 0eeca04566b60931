// The web client: a hash router over the views, the event stream, the unread badge.
import {api, on, connectEvents, stopEvents, ApiError} from './api.js';
import {h, replace} from './dom.js';
import * as me from './views/me.js';
import * as contacts from './views/contacts.js';
import * as chats from './views/chats.js';
import * as channels from './views/channels.js';
import * as blocklists from './views/blocklists.js';
import * as desk from './views/desk.js';
import * as status from './views/status.js';

const VIEWS = {me, contacts, chats, channels, blocklists, desk, status};
const main = document.getElementById('main');
let cleanup = () => {};
let loggedOut = false;
export const node = {peerId: null, link: null};

/** The section and parameter of the address; malformed: true when it cannot be decoded. */
function parseRoute() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  let parts;
  try {
    parts = hash.split('/').map(decodeURIComponent);
  } catch {
    return {malformed: true}; // a cut-off %-escape such as %E0%A4%A, typed or pasted by hand
  }
  const [section, ...rest] = parts;
  return {section: VIEWS[section] ? section : null, param: rest.join('/') || null};
}

function notFound() {
  replace(main, h('section', {class: 'card', id: 'not-found'}, h('h1', {}, 'Nothing here'),
      h('p', {}, 'This address does not lead to anything in samizdat. Go to ', h('a', {href: '#/chats'}, 'Chats'),
          ' or choose a section above.')));
}

async function route() {
  if (loggedOut) return;
  let {section, param, malformed} = parseRoute();
  if (malformed) {
    cleanup();
    cleanup = () => {};
    notFound();
    return;
  }
  if (!section) {
    section = localStorage.getItem('samizdat.welcomed') ? 'chats' : 'me';
    history.replaceState(null, '', `#/${section}`);
  }
  cleanup();
  cleanup = () => {};
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  closeNav();
  replace(main, h('p', {class: 'muted'}, 'Loading…'));
  try {
    const result = await VIEWS[section].render(main, param);
    if (typeof result === 'function') cleanup = result;
  } catch (error) {
    if (loggedOut) return; // the login screen stays
    replace(main, h('section', {class: 'card'}, h('h1', {}, 'This did not load'),
        h('p', {}, error instanceof ApiError ? error.message : String(error))));
  }
}

function closeNav() {
  document.getElementById('nav').classList.remove('open');
  document.getElementById('nav-toggle').setAttribute('aria-expanded', 'false');
}

async function refreshUnread() {
  try {
    const {conversations} = await api.get('/api/conversations');
    const total = conversations.reduce((sum, c) => sum + (c.unread || 0), 0);
    const badge = document.getElementById('unread-total');
    badge.textContent = total;
    badge.hidden = total === 0;
    badge.setAttribute('aria-label', `${total} unread`);
  } catch {
    // the chats view shows the error; the badge just stays as it was
  }
}

/**
 * The login screen, for a fresh visit without a session and for a session that ended (the node
 * restarted): every view's data would only be refused now.
 */
function notLoggedIn() {
  loggedOut = true;
  stopEvents();
  cleanup();
  cleanup = () => {};
  document.body.classList.add('logged-out');
  const live = document.getElementById('live');
  live.textContent = 'not logged in';
  live.className = 'live off';
  replace(main, h('section', {class: 'card login', id: 'login'},
      h('h1', {}, 'Log in to your node'),
      h('p', {}, 'Run ', h('code', {}, 'samizdat web'), ' in a terminal (with the ', h('code', {}, '--home'),
          ' of your node, if you gave one to ', h('code', {}, 'samizdat up'), ') and open the link it prints.'),
      h('p', {}, 'A link logs one browser in, once; ', h('code', {}, 'samizdat up'),
          ' prints one when the node starts.')));
}

async function start() {
  document.getElementById('nav-toggle').addEventListener('click', (event) => {
    const nav = document.getElementById('nav');
    const open = !nav.classList.contains('open');
    nav.classList.toggle('open', open);
    event.currentTarget.setAttribute('aria-expanded', String(open));
  });
  document.getElementById('skip').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  on('unauthorized', () => { if (!loggedOut) notLoggedIn(); });
  try {
    Object.assign(node, await api.get('/api/node'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return; // 'unauthorized' showed the login screen
    replace(main, h('section', {class: 'card'}, h('h1', {}, 'The node is not answering'), h('p', {}, error.message)));
    return;
  }
  const live = document.getElementById('live');
  on('open', () => { live.textContent = 'live'; live.className = 'live on'; refreshUnread(); });
  on('closed', () => { live.textContent = 'reconnecting…'; live.className = 'live off'; });
  on('message', refreshUnread);
  on('conversation-read', refreshUnread);
  connectEvents();
  window.addEventListener('hashchange', route);
  refreshUnread();
  route();
}

start();
