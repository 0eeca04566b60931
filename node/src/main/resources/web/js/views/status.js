// Node status: peers, the DHT, mailbox and outbox, storage; channels still catching up.
import {api, on} from '../api.js';
import {h, replace, shortId, bytes, progress, plural} from '../dom.js';

const REFRESH_MILLIS = 5000;

export async function render(main) {
  const overview = h('section', {class: 'card', id: 'status-overview'});
  const catching = h('section', {class: 'card', id: 'catching-up'});
  const peers = h('section', {class: 'card', id: 'peer-list'});

  async function load() {
    const [status, peerList, channelList] = await Promise.all([
      api.get('/api/status'), api.get('/api/peers'), api.get('/api/channels').catch(() => ({channels: []}))]);
    replace(overview, h('h2', {}, 'This node'), h('dl', {class: 'facts'},
        fact('Connected peers', status.connectedPeers, 'connected-peers'),
        fact('DHT routing table', plural(status.dht?.routingTableSize ?? 0, 'peer')),
        fact('DHT records held', `${plural(status.dht?.records ?? 0, 'record')}, `
            + plural(status.dht?.providers ?? 0, 'provider entry', 'provider entries')),
        fact('Outbox', `${status.outbox?.queued ?? 0} queued, ${status.outbox?.sentToMailbox ?? 0} in mailboxes, `
            + `${status.outbox?.failed ?? 0} failed`),
        fact('Mailbox kept for others', `${bytes(status.mailbox?.bytes ?? 0)} of sealed envelopes`),
        fact('Storage used', bytes(status.storageBytes)),
        fact('Up for', duration(status.uptimeSeconds))));
    const syncing = channelList.channels.filter((c) => c.sync && c.sync.have < c.sync.of);
    replace(catching, h('h2', {}, 'Catching up'), syncing.length === 0
        ? h('p', {class: 'muted'}, 'Every channel is up to date.')
        : h('ul', {}, syncing.map((c) => h('li', {dataset: {channel: c.id}}, h('strong', {}, c.name),
            progress(c.sync.have, c.sync.of, 'Posts fetched')))));
    const list = peerList.peers ?? [];
    replace(peers, h('h2', {}, `Peers (${list.filter((p) => p.connected).length} connected, ${list.length} known)`),
        list.length === 0 ? h('p', {class: 'muted'}, 'No peers known yet.') : h('ul', {class: 'peers'},
            list.map((p) => h('li', {class: p.connected ? 'connected' : ''},
                h('span', {class: 'mono', title: p.peerId}, shortId(p.peerId)), ' ',
                h('span', {class: `pill ${p.connected ? 'ok' : ''}`}, p.connected ? 'connected' : 'known'),
                p.agentVersion ? h('span', {class: 'small muted'}, ` ${p.agentVersion}`) : null))));
  }

  replace(main, h('h1', {}, 'Node status'), overview, catching, peers);
  await load();
  const timer = setInterval(() => { load().catch(() => {}); }, REFRESH_MILLIS);
  const reload = () => load().catch(() => {});
  const offs = [on('peer-connected', reload), on('peer-disconnected', reload), on('open', reload),
    on('channel-sync', reload)];
  return () => {
    clearInterval(timer);
    offs.forEach((off) => off());
  };
}

function fact(label, value, id) {
  return [h('dt', {}, label), h('dd', {id}, String(value ?? '–'))];
}

function duration(seconds) {
  if (seconds === undefined || seconds === null) return '–';
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} days`;
}
