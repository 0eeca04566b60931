// The local API (docs/API.md) and its event stream. The session cookie authenticates; requests
// that change state carry X-Samizdat-Request and a JSON body, as the API demands of cookies.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
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
  if (!response.ok) {
    throw new ApiError(response.status, data.error || `The node answered ${response.status}`);
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
 */
export function connectEvents() {
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
  socket.addEventListener('close', () => {
    emit('closed', {type: 'closed'});
    setTimeout(connectEvents, retryMillis);
    retryMillis = Math.min(retryMillis * 2, 10000);
  });
}
