// Starts peer.mjs as a child process and talks to it over its JSON-lines interface; used by
// perf-local.mjs (the Java tests have their own driver, JsPeer).
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const PEER_SCRIPT = fileURLToPath(new URL('./peer.mjs', import.meta.url))
const READY_TIMEOUT_MS = 30_000

export async function startPeer (args = []) {
  const child = spawn(process.execPath, [PEER_SCRIPT, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
  const pending = new Map()
  let nextId = 1
  const ready = Promise.withResolvers()
  const timer = setTimeout(() => ready.reject(new Error('peer did not become ready in time')), READY_TIMEOUT_MS)
  createInterface({ input: child.stdout }).on('line', (line) => {
    const msg = JSON.parse(line)
    if (msg.event === 'ready') ready.resolve(msg)
    else if (msg.event === 'fatal') ready.reject(new Error(msg.error))
    else if (msg.id != null && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id)
      pending.delete(msg.id)
      if (msg.ok) resolve(msg.result)
      else reject(new Error(`${msg.code}: ${msg.error}`))
    }
  })
  child.on('exit', (code) => {
    ready.reject(new Error(`peer exited with ${code}`))
    for (const { reject } of pending.values()) reject(new Error(`peer exited with ${code}`))
    pending.clear()
  })
  const info = await ready.promise.finally(() => clearTimeout(timer))
  return {
    info,
    command (cmd, args = {}) {
      const id = nextId++
      const reply = Promise.withResolvers()
      pending.set(id, reply)
      child.stdin.write(JSON.stringify({ id, cmd, ...args }) + '\n')
      return reply.promise
    },
    async stop () {
      child.stdin.end()
      if (child.exitCode == null) await new Promise((resolve) => child.once('exit', resolve))
    }
  }
}
