// Small DOM helpers. Text always goes in as text nodes, never as HTML, so nothing a peer sends
// can become markup.

/** h('button', {class: 'x', onclick: fn, 'aria-label': 'y'}, 'text', childNode, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key in el && typeof value !== 'string') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** 12D3KooWAbc…xyz12: enough to tell peers apart at a glance; the full id is in the title. */
export function shortId(id) {
  if (!id) return '';
  return id.length > 20 ? `${id.slice(0, 10)}…${id.slice(-6)}` : id;
}

export function peerLabel(peerId, name) {
  return h('span', {class: 'peer', title: peerId}, name || shortId(peerId));
}

export function time(ms) {
  if (!ms) return '';
  const date = new Date(ms);
  const sameDay = date.toDateString() === new Date().toDateString();
  return h('time', {datetime: date.toISOString(), title: date.toLocaleString()},
      sameDay ? date.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}) : date.toLocaleString());
}

export function field(label, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return h('div', {class: 'field'}, h('label', {for: id}, label), input, hint ? h('small', {class: 'hint'}, hint) : null);
}

export function copyButton(text, label = 'Copy') {
  return h('button', {type: 'button', class: 'secondary', onclick: async (event) => {
    try {
      await navigator.clipboard.writeText(text);
      event.target.textContent = 'Copied';
      setTimeout(() => { event.target.textContent = label; }, 1500);
    } catch {
      window.prompt('Copy this:', text);
    }
  }}, label);
}

export function bytes(n) {
  if (n === undefined || n === null) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function progress(have, of, label) {
  const pct = of > 0 ? Math.floor((100 * have) / of) : 100;
  return h('div', {class: 'progress'},
      h('progress', {max: of || 1, value: Math.min(have, of || 1), 'aria-label': label}),
      h('span', {}, `${label}: ${have} of ${of} (${pct}%)`));
}

/** A count the API gives either as a number or as the list of what it counts. */
export function count(value) {
  return Array.isArray(value) ? value.length : (Number(value) || 0);
}

export function plural(n, word, words = `${word}s`) {
  return `${n} ${n === 1 ? word : words}`;
}
