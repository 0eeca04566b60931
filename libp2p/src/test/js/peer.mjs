// A controllable js-libp2p peer for interop tests.
//
//   node peer.mjs [--seed <64 hex chars>] [--dht] [--dht-protocol <id>] [--dht-client]
//                 [--listen <multiaddr>]... [--agent <agentVersion>]
//
// stdout carries only JSON lines: events {"event": "<name>", ...} and command replies
// {"id": ..., "ok": ...} (see commands.mjs). Diagnostics go to stderr. The process exits when
// stdin closes or after the "stop" command.
import './polyfill.mjs'
import { setMaxListeners } from 'node:events'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { BadRequest, createCommands, describeConnection } from './commands.mjs'
import { createNode, DEFAULT_DHT_PROTOCOL } from './node.mjs'
import { describe } from './protocols.mjs'

/** Default per-command limit; a command may ask for another with "timeoutMs". */
const DEFAULT_TIMEOUT_MS = 30_000
/** Upper bound for "timeoutMs" so that a typo cannot leave a test hanging for hours. */
const MAX_TIMEOUT_MS = 30 * 60_000
/** How long "stop" or closed stdin may take before the process exits anyway. */
const STOP_GRACE_MS = 5_000

function emit (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

function parseOptions () {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      dht: { type: 'boolean', default: false },
      'dht-protocol': { type: 'string', default: DEFAULT_DHT_PROTOCOL },
      'dht-client': { type: 'boolean', default: false },
      listen: { type: 'string', multiple: true },
      agent: { type: 'string' }
    }
  })
  let seed
  if (values.seed != null) {
    if (!/^[0-9a-fA-F]{64}$/.test(values.seed)) throw new Error('--seed must be 64 hex characters (32 bytes)')
    seed = Uint8Array.from(Buffer.from(values.seed, 'hex'))
  }
  return {
    seed,
    dht: values.dht,
    dhtProtocol: values['dht-protocol'],
    dhtClient: values['dht-client'],
    listen: values.listen ?? ['/ip4/127.0.0.1/tcp/0'],
    agent: values.agent
  }
}

async function main () {
  const options = parseOptions()
  const node = await createNode({
    ...options,
    onServed (protocol, stream, connection, result) {
      emit({
        event: 'served',
        protocol,
        peerId: connection.remotePeer.toString(),
        connectionId: connection.id,
        outcome: result.outcome,
        bytesIn: result.bytesIn ?? null,
        bytesOut: result.bytesOut ?? null,
        error: result.error != null ? describe(result.error) : null,
        streamStatus: stream.status
      })
    }
  })
  node.addEventListener('connection:open', (e) => emit({ event: 'connectionOpen', ...describeConnection(e.detail) }))
  node.addEventListener('connection:close', (e) => emit({ event: 'connectionClose', ...describeConnection(e.detail) }))
  node.addEventListener('peer:identify', (e) => emit({
    event: 'identify',
    peerId: e.detail.peerId.toString(),
    protocols: e.detail.protocols,
    agentVersion: e.detail.agentVersion ?? null,
    protocolVersion: e.detail.protocolVersion ?? null
  }))

  const commands = createCommands(node)
  let stopping = null
  const stop = (code) => {
    if (stopping != null) return stopping
    setTimeout(() => process.exit(code), STOP_GRACE_MS).unref()
    stopping = node.stop()
      .catch((err) => process.stderr.write(`stop failed: ${describe(err)}\n`))
      .finally(() => process.exit(code))
    return stopping
  }

  async function handle (line) {
    let request
    try {
      request = JSON.parse(line)
    } catch {
      emit({ event: 'error', where: 'stdin', error: `not JSON: ${line.slice(0, 200)}` })
      return
    }
    const id = request.id ?? null
    if (request.cmd === 'stop') {
      emit({ id, ok: true, result: {} })
      await stop(0)
      return
    }
    const fn = Object.hasOwn(commands, request.cmd) ? commands[request.cmd] : null
    if (fn == null) {
      emit({ id, ok: false, code: 'badRequest', error: `unknown command ${JSON.stringify(request.cmd)}` })
      return
    }
    const timeoutMs = Math.min(request.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS)
    const signal = AbortSignal.timeout(timeoutMs)
    setMaxListeners(Infinity, signal) // one listener per concurrent stream of an echo command
    try {
      const timedOut = new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true })
      })
      const result = await Promise.race([fn(request, signal), timedOut])
      emit({ id, ok: true, result })
    } catch (err) {
      if (signal.aborted) {
        emit({ id, ok: false, code: 'timeout', error: `${request.cmd} did not finish within ${timeoutMs} ms (${describe(err)})` })
      } else {
        emit({ id, ok: false, code: err instanceof BadRequest ? 'badRequest' : 'failed', error: describe(err) })
      }
    }
  }

  const input = createInterface({ input: process.stdin, crlfDelay: Infinity })
  input.on('line', (line) => {
    if (line.trim() !== '') handle(line)
  })
  input.on('close', () => stop(0))

  emit({
    event: 'ready',
    peerId: node.peerId.toString(),
    addrs: node.getMultiaddrs().map(String),
    protocols: node.getProtocols(),
    agentVersion: node.services.identify.host?.agentVersion ?? null,
    protocolVersion: node.services.identify.host?.protocolVersion ?? null,
    dht: options.dht
  })
}

process.on('unhandledRejection', (err) => emit({ event: 'error', where: 'unhandledRejection', error: describe(err) }))
process.on('uncaughtException', (err) => emit({ event: 'error', where: 'uncaughtException', error: describe(err) }))

main().catch((err) => {
  emit({ event: 'fatal', error: describe(err) })
  process.exit(2)
})
