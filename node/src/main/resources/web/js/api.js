// The local API (docs/API.md) and its event stream. The session cookie authenticates; requests
// that change state carry X-Samizdat-Request and a JSON body, as the API demands of cookies.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * The API words its errors for every client, the CLI included: field names in quotes, commands to
 * type. The web client says the same in its own words.
 */
const FIELD_WORDS = {name: 'a name', peer: 'their link or peer ID', text: 'a message', link: 'a link',
  to: 'whom the message is for'};
const PLAIN_WORDING = [
  [/^'(\w+)' is required and must be a non-empty string$/, (m, field) => `Please give ${FIELD_WORDS[field] ?? field}.`],
  [/^'.*' is not (?:a peer id \(12D3KooW…\) or samizdat:peer\/ link|an Ed25519 peer id.*)$/s,
    () => 'That is not a samizdat address: paste their link (samizdat:peer/…) or peer ID (12D3KooW…).'],
  [/^'.*' is not a valid peer id: (.*)$/s, (m, why) => `That is not a valid peer ID: ${why}.`],
  [/^'.*' is not a samizdat link of a person: (.*)$/s, (m, why) => `That is not a samizdat link of a person: ${why}`],
  [/^unknown contact '.*' \(and not a peer id or samizdat:peer\/ link\)$/s, () => 'No contact has that name, and it is'
    + ' not a samizdat address: paste their link (samizdat:peer/…) or peer ID (12D3KooW…).'],
  [/^that is this node's own peer id.*$/s, () => 'That is your own address.'],
  [/^another contact is already named '(.*)'$/s, (m, name) => `Another contact is already named “${name}”.`],
  [/^\S+ has no name or verified mark to forget: .*$/s, () => 'They are listed only for your chat with them, which'
    + ' stays until you delete it: there is no name or verified mark to forget.'],
  [/follow it with 'samizdat blocklist follow'/, () => 'follow it under Blocklists'],
  [/publish blocks with 'samizdat blocklist add'/, () => 'block things from the Blocklists page'],
  [/'samizdat id' shows where it listens/, () => 'My address shows it'],
];

/** The API's error message as the web client shows it: plain sentences, no CLI commands. */
export function plainMessage(message) {
  let text = String(message ?? '');
  for (const [pattern, replacement] of PLAIN_WORDING) text = text.replace(pattern, replacement);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const STATE_CHANGING = {'Content-Type': 'application/json', 'X-Samizdat-Request': '1'};

async function call(method, path, body) {
  const init = {method, credentials: 'same-origin', headers: {Accept: 'application/json'}};
  if (method !== 'GET') {
    Object.assign(init.headers, STATE_CHANGING);
    init.body = JSON.stringify(body ?? {});
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'The node is not answering. Is it still running?');
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = {};
  }
  if (response.status === 401) {
    // The session is gone (the node restarted, or never logged this browser in): only a new
    // login link helps, and the app shows how to get one.
    emit('unauthorized', {type: 'unauthorized'});
  }
  if (!response.ok) {
    throw new ApiError(response.status, data.error ? plainMessage(data.error) : `The node answered ${response.status}`);
  }
  return data;
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body) => call('POST', path, body),
  put: (path, body) => call('PUT', path, body),
  del: (path) => call('DELETE', path),
};

export const enc = encodeURIComponent;

// ---- events -------------------------------------------------------------------------------

const listeners = new Map();
let socket = null;
let retryMillis = 500;
let stopped = false;

/** Calls fn(event) for each event of this type ('*' for all); returns the unsubscribe function. */
export function on(type, fn) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(fn);
  return () => listeners.get(type).delete(fn);
}

export function emit(type, event) {
  for (const key of [type, '*']) {
    for (const fn of listeners.get(key) ?? []) {
      try {
        fn(event);
      } catch (error) {
        console.error('event listener failed', error);
      }
    }
  }
}

/**
 * Keeps one WebSocket open to /api/events, reconnecting with backoff. After a reconnect, 'open'
 * is emitted so that views re-read the state: events sent while away are lost (docs/API.md).
 * A browser never tells a page why a WebSocket handshake failed, so after each close a plain
 * request asks: a 401 there means the session is gone, and reconnecting would never succeed.
 */
export function connectEvents() {
  if (stopped) return;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/api/events`);
  socket.addEventListener('open', () => {
    retryMillis = 500;
    emit('open', {type: 'open'});
  });
  socket.addEventListener('message', (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    if (event && typeof event.type === 'string') emit(event.type, event);
  });
  socket.addEventListener('close', async () => {
    if (stopped) return;
    emit('closed', {type: 'closed'});
    try {
      await call('GET', '/api/node');
    } catch (error) {
      if (error.status === 401) return; // 'unauthorized' was emitted; the app stops the stream
    }
    setTimeout(connectEvents, retryMillis);
    retryMillis = Math.min(retryMillis * 2, 10000);
  });
}

/** Closes the event stream for good (logged out: it would only be refused). */
export function stopEvents() {
  stopped = true;
  socket?.close();
}
