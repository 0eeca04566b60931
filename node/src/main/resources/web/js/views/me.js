// First run and "my address": the link and its QR code, how to protect the key with a passphrase.
import {api, enc} from '../api.js';
import {h, replace, copyButton} from '../dom.js';

export async function render(main) {
  const node = await api.get('/api/node');
  const first = !localStorage.getItem('samizdat.welcomed');
  localStorage.setItem('samizdat.welcomed', '1');
  replace(main,
      h('h1', {}, first ? 'Welcome to samizdat' : 'My address'),
      first ? h('p', {class: 'lead'}, 'Your node is running. Give people your address so that they can add you; ',
          'everything you exchange is end-to-end encrypted and no server is involved.') : null,
      h('section', {class: 'card address'},
          h('h2', {}, 'Your address'),
          h('div', {class: 'address-body'},
              h('img', {class: 'qr', src: `/web/qr.svg?text=${enc(node.link)}`, width: 220, height: 220,
                alt: 'QR code of your address'}),
              h('div', {},
                  h('p', {}, h('a', {id: 'my-link', href: node.link, class: 'mono break'}, node.link)),
                  h('p', {}, copyButton(node.link, 'Copy link')),
                  h('p', {class: 'muted'}, 'Peer ID: ', h('span', {id: 'my-peer-id', class: 'mono break'}, node.peerId)),
                  node.agentVersion ? h('p', {class: 'muted'}, `Node ${node.agentVersion}`) : null))),
      h('section', {class: 'card'},
          h('h2', {}, 'Display name'),
          h('p', {}, 'Each contact chooses the name under which they keep you, as you do for them under ',
              h('a', {href: '#/contacts'}, 'Contacts'), '. Tell them the name you would like.')),
      h('section', {class: 'card'},
          h('h2', {}, 'Passphrase'),
          h('p', {}, 'Your identity key is stored in the node’s home. To keep it encrypted under a passphrase ',
              '(Argon2id, at least 8 characters), give it one:'),
          h('pre', {}, h('code', {}, 'printf "%s" "your passphrase" > new.txt\n'
              + 'samizdat passphrase --new-passphrase-file new.txt\nrm new.txt')),
          h('p', {class: 'muted'}, 'From then on the node needs it to start: ',
              h('code', {}, 'samizdat up --passphrase-file FILE'), ' or the environment variable ',
              h('code', {}, 'SAMIZDAT_PASSPHRASE'), '. The same command changes it (with ',
              h('code', {}, '--passphrase-file'), ' for the current one) or removes it (',
              h('code', {}, '--remove'), ').')),
      node.listenAddrs?.length ? h('section', {class: 'card'},
          h('h2', {}, 'Where your node listens'),
          h('ul', {class: 'mono small'}, node.listenAddrs.map((addr) => h('li', {class: 'break'}, addr)))) : null);
}
