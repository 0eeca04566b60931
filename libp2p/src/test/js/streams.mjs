// Backpressure-aware helpers over the js-libp2p 3.x message-stream API
// (send()/onDrain() for writing, 'message'/'end'/'close' events for reading).

export const CHUNK_SIZE = 64 * 1024

/** Copies a received chunk (Uint8Array or Uint8ArrayList) into one Uint8Array. */
export function toBytes (data) {
  return data instanceof Uint8Array ? data : data.subarray()
}

/** Sends all of `data` in chunks, waiting for 'drain' whenever the stream asks for it. */
export async function sendAll (stream, data, { chunkSize = CHUNK_SIZE, signal } = {}) {
  for (let off = 0; off < data.byteLength; off += chunkSize) {
    signal?.throwIfAborted()
    const piece = data.subarray(off, Math.min(off + chunkSize, data.byteLength))
    if (!stream.send(piece)) {
      await stream.onDrain({ signal })
    }
  }
}

const FILL = new Uint8Array(CHUNK_SIZE).fill(0x5a)

/** Sends `count` filler bytes (perf payload), honouring backpressure. */
export async function sendCount (stream, count, { signal } = {}) {
  let left = count
  while (left > 0) {
    signal?.throwIfAborted()
    const n = Math.min(left, FILL.byteLength)
    left -= n
    if (!stream.send(FILL.subarray(0, n))) {
      await stream.onDrain({ signal })
    }
  }
}

/**
 * Delivers every received chunk to `onChunk` until the remote closes its write side.
 * If `onChunk` returns a promise, reading pauses (no yamux window updates) until it settles,
 * which is how a slow consumer pushes back on the sender.
 * Resolves once all data was delivered after the remote's FIN; rejects on reset, abort,
 * `signal` or an exception thrown by `onChunk`.
 */
function endedBy (stream) {
  return stream.status === 'reset' || stream.status === 'aborted'
    ? new Error(`stream was ${stream.status === 'reset' ? 'reset by the remote' : 'aborted'}`)
    : undefined
}

export function readAll (stream, onChunk, { signal } = {}) {
  return new Promise((resolve, reject) => {
    let done = false
    const finish = (err) => {
      if (done) return
      done = true
      stream.removeEventListener('message', onMessage)
      stream.removeEventListener('end', onEnd)
      stream.removeEventListener('close', onClose)
      signal?.removeEventListener('abort', onAbort)
      if (err != null) reject(err)
      else resolve()
    }
    const onMessage = (evt) => {
      if (done) return
      let pending
      try {
        pending = onChunk(toBytes(evt.data))
      } catch (err) {
        finish(err)
        return
      }
      if (pending != null && typeof pending.then === 'function') {
        if (stream.readStatus === 'readable') stream.pause()
        pending.then(() => {
          if (!done && stream.readStatus === 'paused') stream.resume()
        }, finish)
      }
    }
    // 'end' also fires when a reset or abort closes the readable end: that is no clean end
    const onEnd = () => finish(endedBy(stream))
    const onClose = (evt) => {
      if (evt.error != null) finish(evt.error)
      else if (stream.readableEnded || stream.readBufferLength === 0) finish()
      // otherwise buffered data is still to be delivered; 'end' follows it
    }
    const onAbort = () => finish(signal.reason ?? new Error('aborted'))
    if (signal?.aborted) {
      finish(signal.reason ?? new Error('aborted'))
      return
    }
    signal?.addEventListener('abort', onAbort)
    stream.addEventListener('message', onMessage)
    stream.addEventListener('end', onEnd)
    stream.addEventListener('close', onClose)
    if (stream.readableEnded) finish(endedBy(stream))
    else if (stream.status !== 'open' && stream.status !== 'closing' && stream.readBufferLength === 0) {
      finish(new Error(`stream is already ${stream.status}`))
    }
  })
}
