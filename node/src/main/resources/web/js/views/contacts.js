// Contacts: add by link or peer id, compare safety numbers (digits and QR), mark verified.
import {api, enc} from '../api.js';
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
    const contact = await attempt(() => api.post('/api/contacts',
        {peer: peer.value.trim(), name: name.value.trim() || undefined}), add);
    if (contact) {
      form.reset();
      toast(`Added ${contact.name || shortId(contact.peerId)}.`, 'ok');
      await load();
    }
  }}, h('h2', {}, 'Add a contact'),
  field('Their link or peer ID', peer), field('Name (optional)', name), h('div', {class: 'actions'}, add));

  async function load() {
    const {contacts} = await api.get('/api/contacts');
    replace(list, contacts.length === 0 ? h('li', {class: 'muted'}, 'No contacts yet.')
        : contacts.map((contact) => item(contact, load)));
  }

  replace(main, h('h1', {}, 'Contacts'), form, h('section', {class: 'card'}, h('h2', {}, 'Your contacts'), list));
  await load();
}

function item(contact, reload) {
  const details = h('div', {class: 'safety', hidden: true});
  const toggle = h('button', {type: 'button', class: 'secondary', 'aria-expanded': 'false', onclick: async () => {
    const open = details.hidden;
    toggle.setAttribute('aria-expanded', String(open));
    details.hidden = !open;
    if (open) await showSafetyNumber(contact, details, reload);
  }}, 'Safety number');
  return h('li', {class: 'contact', dataset: {peer: contact.peerId}},
      h('div', {class: 'row'},
          h('div', {class: 'grow'},
              h('strong', {}, contact.name || shortId(contact.peerId)),
              contact.verified ? h('span', {class: 'pill ok'}, 'verified') : null,
              h('div', {class: 'mono small muted break'}, contact.peerId)),
          h('a', {class: 'button', href: `#/chats/${enc(contact.peerId)}`}, 'Chat'),
          toggle,
          reportButton(`peer:${contact.peerId}`, contact.name || shortId(contact.peerId))),
      details);
}

async function showSafetyNumber(contact, target, reload) {
  replace(target, h('p', {class: 'muted'}, 'Loading…'));
  const number = await attempt(() => api.get(`/api/contacts/${enc(contact.peerId)}/safety-number`));
  if (!number) return;
  const verify = h('button', {type: 'button', onclick: async () => {
    const updated = await attempt(() => api.post(`/api/contacts/${enc(contact.peerId)}/verified`,
        {verified: !number.verified}), verify);
    if (updated) await reload();
  }}, number.verified ? 'Mark as not verified' : 'Mark as verified');
  replace(target,
      h('p', {}, 'Compare these numbers with ', contact.name || 'your contact',
          ' in person or over a channel you trust, or scan each other’s code. If they match, nobody is in between.'),
      h('div', {class: 'safety-body'},
          h('img', {class: 'qr', src: `/web/qr.svg?base64=${enc(number.qrPayload)}`, width: 180, height: 180,
            alt: 'QR code of the safety number'}),
          h('div', {class: 'digits mono', 'aria-label': `Safety number ${number.digits}`},
              (number.groups ?? [number.digits]).map((group) => h('span', {}, group)))),
      h('div', {class: 'actions'}, verify));
}
