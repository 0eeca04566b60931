// The two test protocols this peer serves and drives: an echo protocol and the libp2p perf
// protocol (https://github.com/libp2p/specs/blob/master/perf/perf.md), written here because
// @libp2p/perf cannot be installed from the registry reachable in this environment.
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { readAll, sendAll, sendCount } from './streams.mjs'

export const ECHO_PROTOCOL = '/samizdat/echo/1.0.0'
export const PERF_PROTOCOL = '/perf/1.0.0'

/** Enough concurrent streams per connection for the 100-stream echo test, with headroom. */
export const MAX_STREAMS_PER_PROTOCOL = 1024

/**
 * Held back while paused; must exceed the largest yamux window js grants (16 MiB), or a
 * paused stream would be reset by its own read-buffer limit.
 */
const PAUSED_READ_BUFFER = 20 * 1024 * 1024

/** Largest perf download count accepted: js numbers are exact up to 2^53. */
const MAX_PERF_BYTES = Number.MAX_SAFE_INTEGER

/** Echoes every byte back, then closes the write side once the remote closed its own. */
export async function serveEcho (stream) {
  stream.maxReadBufferLength = PAUSED_READ_BUFFER
  let bytesIn = 0
  await readAll(stream, (chunk) => {
    bytesIn += chunk.byteLength
    if (!stream.send(chunk)) return stream.onDrain()
  })
  await stream.close()
  return { bytesIn, bytesOut: bytesIn }
}

/** Perf server: an 8-byte big-endian count, then the upload until FIN; answers with count bytes. */
export async function servePerf (stream) {
  stream.maxReadBufferLength = PAUSED_READ_BUFFER
  const header = new Uint8Array(8)
  let headerLength = 0
  let uploaded = 0
  await readAll(stream, (chunk) => {
    if (headerLength < 8) {
      const take = Math.min(8 - headerLength, chunk.byteLength)
      header.set(chunk.subarray(0, take), headerLength)
      headerLength += take
      chunk = chunk.subarray(take)
    }
    uploaded += chunk.byteLength
  })
  if (headerLength < 8) {
    throw new Error(`perf: stream ended after ${headerLength} of the 8 length bytes`)
  }
  const requested = new DataView(header.buffer).getBigUint64(0, false)
  if (requested > BigInt(MAX_PERF_BYTES)) {
    throw new Error(`perf: ${requested} bytes requested, more than this peer can count`)
  }
  await sendCount(stream, Number(requested))
  await stream.close()
  return { bytesIn: uploaded + 8, bytesOut: Number(requested) }
}

/** Perf client: uploads `upload` bytes, downloads `download` bytes; times the whole exchange. */
export async function runPerf (node, peer, { upload, download, signal }) {
  const start = performance.now()
  const stream = await node.dialProtocol(peer, PERF_PROTOCOL, { signal })
  const opened = performance.now()
  let downloaded = 0
  const reading = readAll(stream, (chunk) => { downloaded += chunk.byteLength }, { signal })
  try {
    const header = new Uint8Array(8)
    new DataView(header.buffer).setBigUint64(0, BigInt(download), false)
    stream.send(header)
    await sendCount(stream, upload, { signal })
    await stream.close({ signal })
    const uploadedAt = performance.now()
    await reading
    const end = performance.now()
    if (downloaded !== download) {
      throw new Error(`perf: received ${downloaded} bytes, asked for ${download}`)
    }
    return {
      uploadBytes: upload,
      downloadBytes: downloaded,
      openMs: opened - start,
      uploadMs: uploadedAt - opened,
      elapsedMs: end - start
    }
  } catch (err) {
    stream.abort(err)
    reading.catch(() => {})
    throw err
  }
}

/** Opens `streams` concurrent echo streams of `bytes` random bytes each and checks every byte. */
export async function runEcho (node, peer, { streams, bytes, signal }) {
  const start = performance.now()
  const outcomes = await Promise.allSettled(
    Array.from({ length: streams }, (_, i) => echoOne(node, peer, bytes, signal))
  )
  const failures = []
  outcomes.forEach((o, i) => {
    if (o.status === 'rejected') failures.push({ stream: i, error: describe(o.reason) })
  })
  return {
    ok: failures.length === 0,
    streams,
    bytes,
    failed: failures.length,
    failures: failures.slice(0, 10),
    elapsedMs: performance.now() - start
  }
}

async function echoOne (node, peer, bytes, signal) {
  const data = randomBytes(bytes)
  const stream = await node.dialProtocol(peer, ECHO_PROTOCOL, {
    signal,
    maxOutboundStreams: MAX_STREAMS_PER_PROTOCOL
  })
  let received = 0
  const reading = readAll(stream, (chunk) => {
    if (received + chunk.byteLength > bytes) {
      throw new Error(`echo: received ${received + chunk.byteLength} bytes, only ${bytes} were sent`)
    }
    const expected = data.subarray(received, received + chunk.byteLength)
    if (!expected.equals(chunk)) {
      const at = expected.findIndex((b, k) => b !== chunk[k])
      throw new Error(`echo: byte ${received + at} is ${chunk[at]}, sent ${expected[at]}`)
    }
    received += chunk.byteLength
  }, { signal })
  try {
    await Promise.all([
      (async () => {
        await sendAll(stream, data, { signal })
        await stream.close({ signal })
      })(),
      reading
    ])
  } catch (err) {
    stream.abort(err)
    throw err
  }
  if (received !== bytes) {
    throw new Error(`echo: stream ended after ${received} of ${bytes} bytes`)
  }
}

/**
 * Starts an echo transfer of `bytes` and, once `resetAfter` bytes are sent and at least one
 * byte came back, resets the stream (mode 'stream') or aborts the whole connection
 * (mode 'connection') without a clean close.
 */
export async function runEchoReset (node, peer, { bytes, resetAfter, mode, signal }) {
  const stream = await node.dialProtocol(peer, ECHO_PROTOCOL, {
    signal,
    maxOutboundStreams: MAX_STREAMS_PER_PROTOCOL
  })
  const data = randomBytes(bytes)
  let received = 0
  const firstEcho = Promise.withResolvers()
  const reading = readAll(stream, (chunk) => {
    received += chunk.byteLength
    firstEcho.resolve()
  }, { signal })
  reading.catch(() => {}).finally(() => firstEcho.resolve())
  await sendAll(stream, data.subarray(0, Math.min(resetAfter, bytes)), { signal })
  await firstEcho.promise
  const sent = Math.min(resetAfter, bytes)
  const reason = new Error(`reset by the interop test after ${sent} bytes`)
  if (mode === 'connection') {
    const connection = node.getConnections().find(c => c.streams.includes(stream))
    if (connection == null) throw new Error('the echo stream has no connection any more')
    connection.abort(reason)
  } else {
    stream.abort(reason)
  }
  return { sent, received, mode, streamStatus: stream.status }
}

export function describe (err) {
  if (err == null) return 'unknown error'
  const name = err.name && err.name !== 'Error' ? `${err.name}: ` : ''
  return `${name}${err.message ?? String(err)}`
}
