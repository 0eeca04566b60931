// Builds the js-libp2p node the interop tests talk to: TCP on loopback, Noise, Yamux, identify,
// identify push, ping, optionally kad-dht, plus the echo and perf protocols served by this package.
import './polyfill.mjs'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { identify, identifyPush } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { createLibp2p } from 'libp2p'
import { ECHO_PROTOCOL, MAX_STREAMS_PER_PROTOCOL, PERF_PROTOCOL, serveEcho, servePerf } from './protocols.mjs'

export const DEFAULT_DHT_PROTOCOL = '/samizdat/kad/1.0.0'

/** Record namespace the DHT tests use: keys are "/test/<anything>". */
export const TEST_NAMESPACE = 'test'

/** Largest value the test namespace accepts; the kad-dht message limit is far above it. */
const MAX_TEST_VALUE = 16 * 1024

/** Accepts any value up to MAX_TEST_VALUE under /test/. */
async function validateTestRecord (key, value) {
  const text = new TextDecoder().decode(key)
  if (!text.startsWith(`/${TEST_NAMESPACE}/`)) throw new Error(`key ${text} is outside /${TEST_NAMESPACE}/`)
  if (value.byteLength > MAX_TEST_VALUE) throw new Error(`value of ${value.byteLength} bytes exceeds ${MAX_TEST_VALUE}`)
}

/** Of several records, the value greatest in unsigned byte order wins (a stand-in for "newest"). */
function selectTestRecord (key, records) {
  let best = 0
  for (let i = 1; i < records.length; i++) {
    if (Buffer.compare(Buffer.from(records[i]), Buffer.from(records[best])) > 0) best = i
  }
  return best
}

/**
 * @param {object} opts
 * @param {Uint8Array} [opts.seed] 32-byte Ed25519 seed; random key when absent
 * @param {string[]} opts.listen multiaddrs to listen on
 * @param {boolean} opts.dht whether to run kad-dht
 * @param {string} opts.dhtProtocol kad protocol id
 * @param {boolean} opts.dhtClient run kad-dht in client mode
 * @param {string} [opts.agent] identify agentVersion; js's own default when absent
 * @param {(protocol: string, stream, connection, outcome) => void} opts.onServed
 */
export async function createNode (opts) {
  const privateKey = opts.seed != null
    ? await generateKeyPairFromSeed('Ed25519', opts.seed)
    : await generateKeyPair('Ed25519')
  const services = {
    identify: identify(),
    identifyPush: identifyPush(),
    ping: ping()
  }
  if (opts.dht) {
    services.dht = kadDHT({
      protocol: opts.dhtProtocol,
      clientMode: opts.dhtClient,
      peerInfoMapper: passthroughMapper,
      validators: { [TEST_NAMESPACE]: validateTestRecord },
      selectors: { [TEST_NAMESPACE]: selectTestRecord }
    })
  }
  const node = await createLibp2p({
    privateKey,
    addresses: { listen: opts.listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services,
    ...(opts.agent != null ? { nodeInfo: { userAgent: opts.agent } } : {})
  })
  const handlerOptions = {
    maxInboundStreams: MAX_STREAMS_PER_PROTOCOL,
    maxOutboundStreams: MAX_STREAMS_PER_PROTOCOL
  }
  const serve = (protocol, serveFn) => async (stream, connection) => {
    try {
      const counts = await serveFn(stream)
      opts.onServed(protocol, stream, connection, { outcome: 'ok', ...counts })
    } catch (err) {
      stream.abort(err)
      opts.onServed(protocol, stream, connection, { outcome: 'error', error: err })
    }
  }
  await node.handle(ECHO_PROTOCOL, serve(ECHO_PROTOCOL, serveEcho), handlerOptions)
  await node.handle(PERF_PROTOCOL, serve(PERF_PROTOCOL, servePerf), handlerOptions)
  return node
}
