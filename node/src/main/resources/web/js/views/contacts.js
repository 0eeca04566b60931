// Contacts: add by link or peer id, compare safety numbers (digits and QR), mark verified, remove;
// changes made elsewhere (the CLI, another tab) show as they happen.
import {api, enc, on} from '../api.js';
import {h, replace, field, shortId} from '../dom.js';
import {attempt, toast, reportButton} from '../ui.js';

export async function render(main) {
  const list = h('ul', {class: 'contacts', id: 'contact-list'});
  const peer = h('input', {type: 'text', name: 'peer', required: true, autocomplete: 'off',
    placeholder: 'samizdat:peer/12D3KooW…'});
  const name = h('input', {type: 'text', name: 'name', maxlength: 100, autocomplete: 'off'});
  const add = h('button', {type: 'submit'}, 'Add contact');
  const form = h('form', {class: 'card inline-form', id: 'add-contact', onsubmit: async (event) => {
    event.preventDefault();
    // As typed: the node tells a mistyped id (a character missing, extra or wrong) from text that is no address.
    const result = await attempt(() => addContact(peer.value.trim(), name.value.trim()), add);
    if (result) {
      form.reset();
      toast(result.message, 'ok');
      await load();
    }
  }}, h('h2', {}, 'Add a contact'),
  field('Their link or peer ID (or a contact\'s name, to rename them)', peer), field('Name (optional)', name),
  h('div', {class: 'actions'}, add));

  async function load() {
    const {contacts} = await api.get('/api/contacts');
    // A safety number being compared stays open when the list is drawn again.
    const comparing = new Set([...list.querySelectorAll('.contact:has(> .safety:not([hidden]))')]
        .map((el) => el.dataset.peer));
    replace(list, contacts.length === 0 ? h('li', {class: 'muted'}, 'No contacts yet.')
        : contacts.map((contact) => item(contact, load, comparing.has(contact.peerId))));
  }

  replace(main, h('h1', {}, 'Contacts'), form, h('section', {class: 'card'}, h('h2', {}, 'Your contacts'), list));
  await load();
  const reload = () => load().catch(() => {});
  // Someone who writes first is listed (without a name) from their first message on: no contact event says so.
  const listed = (peerId) => [...list.querySelectorAll('.contact')].some((el) => el.dataset.peer === peerId);
  const offs = [on('contact', reload), on('open', reload),
    on('message', (event) => { if (event.message && !listed(event.message.peerId)) reload(); })];
  return () => offs.forEach((off) => off());
}

/**
 * Adds a contact, or names one that exists (the API does both with one call), and says which it
 * was: {contact, message}. peer is a link, peer id or contact name, as the API takes it.
 */
export async function addContact(peer, name) {
  const {contacts} = await api.get('/api/contacts');
  const contact = await api.post('/api/contacts', {peer, name: name || undefined});
  const before = contacts.find((c) => c.peerId === contact.peerId);
  const label = contact.name || shortId(contact.peerId);
  if (!before) return {contact, message: `Added ${label}.`};
  if (before.name === contact.name) return {contact, message: `${label} is already a contact.`};
  return {contact, message: before.name ? `Renamed ${before.name} to ${label}.` : `Named ${shortId(contact.peerId)} ${label}.`};
}

function item(contact, reload, comparing) {
  const details = h('div', {class: 'safety', hidden: !comparing});
  const toggle = h('button', {type: 'button', class: 'secondary', 'aria-expanded': String(comparing), onclick: async () => {
    const open = details.hidden;
    toggle.setAttribute('aria-expanded', String(open));
    details.hidden = !open;
    if (open) await showSafetyNumber(contact, details, reload);
  }}, 'Safety number');
  if (comparing) showSafetyNumber(contact, details, reload);
  const label = contact.name || shortId(contact.peerId);
  const remove = h('button', {type: 'button', class: 'secondary', name: 'remove-contact',
    'aria-label': `Remove ${label}`, onclick: async () => {
    if (!confirm(`Remove ${label} from your contacts? Your name for them and the verified mark are forgotten.`
        + ' Your chat with them stays until you delete it, and what is not delivered yet is still sent.')) return;
    const removed = await attempt(() => api.del(`/api/contacts/${enc(contact.peerId)}`), remove);
    if (removed) {
      toast(removed.chatKept ? `Removed ${label}. Your chat with them stays under Chats, without a name.`
          : `Removed ${label}.`, 'ok');
      await reload();
    }
  }}, 'Remove');
  return h('li', {class: 'contact', dataset: {peer: contact.peerId}},
      h('div', {class: 'row'},
          h('div', {class: 'grow'},
              h('strong', {}, label),
              contact.verified ? h('span', {class: 'pill ok'}, 'verified') : null,
              h('div', {class: 'mono small muted break'}, contact.peerId)),
          h('a', {class: 'button', href: `#/chats/${enc(contact.peerId)}`}, 'Chat'),
          toggle,
          remove,
          reportButton(`peer:${contact.peerId}`, label)),
      details);
}

/** The safety number with a contact, its QR code and the button that marks them verified. */
export async function showSafetyNumber(contact, target, reload) {
  replace(target, h('p', {class: 'muted'}, 'Loading…'));
  const number = await attempt(() => api.get(`/api/contacts/${enc(contact.peerId)}/safety-number`));
  if (!number) {
    replace(target, h('p', {class: 'muted'}, 'The safety number did not load.'));
    return;
  }
  const verify = h('button', {type: 'button', onclick: async () => {
    const updated = await attempt(() => api.post(`/api/contacts/${enc(contact.peerId)}/verified`,
        {verified: !number.verified}), verify);
    if (updated) await reload();
  }}, number.verified ? 'Mark as not verified' : 'Mark as verified');
  replace(target,
      h('p', {class: 'safety-how'}, 'Compare the digits with those ', contact.name || 'your contact',
          ' sees for you, in person or over a call you trust; they are the same on both sides. If they match, nobody',
          ' is in between. The QR code holds the same number, for a device of theirs that can scan it: this client',
          ' cannot scan.'),
      h('div', {class: 'safety-body'},
          h('img', {class: 'qr', src: `/web/qr.svg?base64=${enc(number.qrPayload)}`, width: 180, height: 180,
            alt: 'QR code of the safety number'}),
          h('div', {class: 'digits mono', 'aria-label': `Safety number ${number.digits}`},
              (number.groups ?? [number.digits]).map((group) => h('span', {}, group)))),
      h('div', {class: 'actions'}, verify));
}
