// The commands peer.mjs accepts on stdin, one JSON object per line:
//   {"id": <any>, "cmd": "<name>", "timeoutMs": <optional, default 30000>, ...arguments}
// and answers with one line {"id": <same>, "ok": true, "result": {...}} or
// {"id": <same>, "ok": false, "code": "timeout"|"badRequest"|"failed", "error": "<message>"}.
// Bytes travel as hex (fields ending in "Hex"); a "peer" is a PeerId string or a multiaddr.
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { runEcho, runEchoReset, runPerf } from './protocols.mjs'

export class BadRequest extends Error {}

const utf8 = new TextEncoder()
const hex = (bytes) => Buffer.from(bytes).toString('hex')

function required (args, name) {
  if (args[name] == null) throw new BadRequest(`missing "${name}"`)
  return args[name]
}

function count (args, name, fallback) {
  const v = args[name] ?? fallback
  if (!Number.isSafeInteger(v) || v < 0) throw new BadRequest(`"${name}" must be a non-negative integer`)
  return v
}

function target (args) {
  const peer = String(required(args, 'peer'))
  return peer.startsWith('/') ? multiaddr(peer) : peerIdFromString(peer)
}

function peerIdArg (args) {
  return peerIdFromString(String(required(args, 'peer')))
}

function bytesArg (args, name) {
  if (args[`${name}Hex`] != null) return Uint8Array.from(Buffer.from(String(args[`${name}Hex`]), 'hex'))
  if (args[name] != null) return utf8.encode(String(args[name]))
  throw new BadRequest(`missing "${name}" or "${name}Hex"`)
}

/** A CID given as "cid", or the CIDv1 (raw, sha2-256) of the UTF-8 "content". */
async function cidArg (args) {
  if (args.cid != null) return CID.parse(String(args.cid))
  if (args.content != null) return CID.createV1(raw.code, await sha256.digest(utf8.encode(String(args.content))))
  throw new BadRequest('missing "cid" or "content"')
}

export function describeConnection (c) {
  return {
    connectionId: c.id,
    peerId: c.remotePeer.toString(),
    remoteAddr: c.remoteAddr.toString(),
    direction: c.direction,
    multiplexer: c.multiplexer ?? null,
    encryption: c.encryption ?? null,
    status: c.status
  }
}

const peerInfo = (p) => ({ peerId: p.id.toString(), addrs: [...new Set(p.multiaddrs.map(String))] })

function dht (node) {
  if (node.services.dht == null) throw new BadRequest('this peer was started without --dht')
  return node.services.dht
}

/** Runs a DHT query to completion, collecting its events (bounded by the signal). */
async function drain (events, onEvent) {
  for await (const event of events) onEvent?.(event)
}

export function createCommands (node) {
  return {
    async dial (args, signal) {
      const c = await node.dial(multiaddr(String(required(args, 'addr'))), { signal })
      return describeConnection(c)
    },

    async connections () {
      return { connections: node.getConnections().map(describeConnection) }
    },

    async hangUp (args, signal) {
      await node.hangUp(target(args), { signal })
      return {}
    },

    /** abrupt (default): abort the connection without a clean close; otherwise close it. */
    async closeConnection (args, signal) {
      const abrupt = args.abrupt ?? true
      const closed = []
      for (const c of node.getConnections(peerIdArg(args))) {
        if (abrupt) c.abort(new Error('closed abruptly by the interop test'))
        else await c.close({ signal })
        closed.push(c.id)
      }
      return { closed }
    },

    async ping (args, signal) {
      const rttMs = await node.services.ping.ping(target(args), { signal })
      return { rttMs }
    },

    /** What js learned from identify: from its peer store, or with refresh a new identify exchange. */
    async identify (args, signal) {
      const peerId = peerIdArg(args)
      if (args.refresh === true) {
        const c = node.getConnections(peerId)[0]
        if (c == null) throw new Error(`no connection to ${peerId}`)
        const r = await node.services.identify.identify(c, { signal })
        return {
          source: 'identify',
          protocols: r.protocols,
          agentVersion: r.agentVersion ?? null,
          protocolVersion: r.protocolVersion ?? null,
          listenAddrs: r.listenAddrs.map(String),
          observedAddr: r.observedAddr?.toString() ?? null
        }
      }
      const p = await node.peerStore.get(peerId, { signal })
      const text = (k) => (p.metadata.get(k) != null ? new TextDecoder().decode(p.metadata.get(k)) : null)
      return {
        source: 'peerStore',
        protocols: p.protocols,
        agentVersion: text('AgentVersion'),
        protocolVersion: text('ProtocolVersion'),
        listenAddrs: p.addresses.map(a => a.multiaddr.toString()),
        observedAddr: null
      }
    },

    async echo (args, signal) {
      return runEcho(node, target(args), {
        streams: count(args, 'streams', 1),
        bytes: count(args, 'bytes', 1024),
        signal
      })
    },

    async echoReset (args, signal) {
      const mode = args.mode ?? 'stream'
      if (mode !== 'stream' && mode !== 'connection') throw new BadRequest('"mode" must be "stream" or "connection"')
      const bytes = count(args, 'bytes', 1024 * 1024)
      return runEchoReset(node, target(args), {
        bytes,
        resetAfter: count(args, 'resetAfter', Math.floor(bytes / 4)),
        mode,
        signal
      })
    },

    async perf (args, signal) {
      return runPerf(node, target(args), {
        upload: count(args, 'upload', 0),
        download: count(args, 'download', 0),
        signal
      })
    },

    async dhtPut (args, signal) {
      const key = bytesArg(args, 'key')
      const value = bytesArg(args, 'value')
      const storedAt = new Set()
      await drain(dht(node).put(key, value, { signal }), (e) => {
        if (e.name === 'PEER_RESPONSE' && e.messageName === 'PUT_VALUE') storedAt.add(e.from.toString())
      })
      return { keyHex: hex(key), storedAt: [...storedAt] }
    },

    async dhtGet (args, signal) {
      const key = bytesArg(args, 'key')
      let best = null
      const from = new Set()
      const errors = []
      await drain(dht(node).get(key, { signal }), (e) => {
        if (e.name === 'VALUE') {
          best = e.value
          from.add(e.from.toString())
        } else if (e.name === 'QUERY_ERROR') {
          errors.push(`${e.from}: ${e.error?.message}`)
        }
      })
      if (best == null) throw new Error(`no value found for key ${hex(key)}${errors.length > 0 ? ` (${errors.join('; ')})` : ''}`)
      return { valueHex: hex(best), value: new TextDecoder().decode(best), from: [...from] }
    },

    async dhtProvide (args, signal) {
      const cid = await cidArg(args)
      await drain(dht(node).provide(cid, { signal }))
      return { cid: cid.toString(), multihashHex: hex(cid.multihash.bytes) }
    },

    async dhtFindProviders (args, signal) {
      const cid = await cidArg(args)
      const limit = count(args, 'limit', 20)
      const providers = new Map()
      for await (const e of dht(node).findProviders(cid, { signal })) {
        if (e.name !== 'PROVIDER') continue
        for (const p of e.providers) providers.set(p.id.toString(), peerInfo(p))
        if (providers.size >= limit) break
      }
      return { cid: cid.toString(), providers: [...providers.values()] }
    },

    async dhtFindPeer (args, signal) {
      const peerId = peerIdArg(args)
      for await (const e of dht(node).findPeer(peerId, { signal })) {
        if (e.name === 'FINAL_PEER') return peerInfo(e.peer)
      }
      throw new Error(`peer ${peerId} not found`)
    },

    /** Peers in the kad routing table (kad-dht internals; pinned version). */
    async dhtRoutingTable () {
      const self = node.peerId.toString()
      const kb = dht(node).routingTable?.kb
      const peers = kb == null ? [] : [...kb.toIterable()].map(p => p.peerId.toString()).filter(p => p !== self)
      return { size: peers.length, peers }
    }
  }
}
