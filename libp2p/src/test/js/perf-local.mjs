// js <-> js baseline for the perf protocol: two peer.mjs processes on loopback, the client
// uploads (client -> server) and then downloads (server -> client) --bytes per run.
//
//   node perf-local.mjs [--bytes 1073741824] [--runs 5]
//
// Prints one line per run and a final JSON line with the median throughput per direction.
import './polyfill.mjs'
import { parseArgs } from 'node:util'
import { startPeer } from './driver.mjs'

const { values } = parseArgs({
  options: {
    bytes: { type: 'string', default: String(1024 * 1024 * 1024) },
    runs: { type: 'string', default: '5' }
  }
})
const bytes = Number(values.bytes)
const runs = Number(values.runs)
if (!Number.isSafeInteger(bytes) || bytes <= 0 || !Number.isSafeInteger(runs) || runs <= 0) {
  throw new Error('--bytes and --runs must be positive integers')
}
/** Generous: 1 GiB at a pessimistic 10 MiB/s, plus start-up. */
const timeoutMs = Math.max(60_000, Math.ceil(bytes / (10 * 1024 * 1024)) * 1000 + 30_000)

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const mibPerSecond = (n, ms) => (n / (1024 * 1024)) / (ms / 1000)

const server = await startPeer()
const client = await startPeer()
try {
  await client.command('dial', { addr: server.info.addrs[0] })
  const peer = server.info.peerId
  // Warm-up: JIT, yamux window growth.
  await client.command('perf', { peer, upload: Math.min(bytes, 64 << 20), download: Math.min(bytes, 64 << 20), timeoutMs })
  const up = []
  const down = []
  for (let i = 0; i < runs; i++) {
    const u = await client.command('perf', { peer, upload: bytes, download: 0, timeoutMs })
    const d = await client.command('perf', { peer, upload: 0, download: bytes, timeoutMs })
    up.push(mibPerSecond(bytes, u.elapsedMs))
    down.push(mibPerSecond(bytes, d.elapsedMs))
    console.log(`run ${i + 1}: upload ${up[i].toFixed(1)} MiB/s, download ${down[i].toFixed(1)} MiB/s`)
  }
  console.log(JSON.stringify({
    bytes,
    runs,
    uploadMedianMiBps: Number(median(up).toFixed(1)),
    downloadMedianMiBps: Number(median(down).toFixed(1)),
    uploadMedianGbitps: Number((median(up) * 8 * 1.048576 / 1000).toFixed(3)),
    downloadMedianGbitps: Number((median(down) * 8 * 1.048576 / 1000).toFixed(3)),
    node: process.version
  }))
} finally {
  await client.stop()
  await server.stop()
}
