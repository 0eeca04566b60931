package dev.samizdat.libp2p.transport;

import java.util.HashMap;
import java.util.Map;

/**
 * Admission control for connections: a cap on all connections, on inbound connections per remote IP,
 * and on inbound connections still handshaking. Our own dials are not held to the handshake cap: a few
 * strangers that connect and stay silent until their handshake times out would otherwise stop this
 * node from dialling anyone. Pure and thread-safe; the transport asks before it spends anything on a
 * socket and reports when a slot frees up.
 */
public final class ConnectionLimiter {
  /** Why a connection was refused; null from {@link #tryAdmit} means admitted. */
  public enum Refusal {
    TOTAL,
    PER_IP,
    HANDSHAKES
  }

  private final int maxTotal;
  private final int maxPerIp;
  private final int maxHandshakes;
  private final Map<String, Integer> perIp = new HashMap<>();
  private int total;
  private int handshaking;

  public ConnectionLimiter(int maxTotal, int maxPerIp, int maxHandshakes) {
    this.maxTotal = maxTotal;
    this.maxPerIp = maxPerIp;
    this.maxHandshakes = maxHandshakes;
  }

  /**
   * Takes a slot for a new connection (which starts handshaking) from {@code ip}; {@code ip} is null
   * for outbound connections, which are capped only in total.
   */
  public synchronized Refusal tryAdmit(String ip) {
    if (total >= maxTotal) {
      return Refusal.TOTAL;
    }
    if (ip != null && handshaking >= maxHandshakes) {
      return Refusal.HANDSHAKES;
    }
    if (ip != null && perIp.getOrDefault(ip, 0) >= maxPerIp) {
      return Refusal.PER_IP;
    }
    total++;
    if (ip != null) {
      handshaking++;
      perIp.merge(ip, 1, Integer::sum);
    }
    return null;
  }

  /** The connection admitted for {@code ip} finished (or abandoned) its handshake. Call once per admission. */
  public synchronized void handshakeDone(String ip) {
    if (ip != null) {
      handshaking--;
    }
  }

  /** The admitted connection is gone. Call once per admission, after {@link #handshakeDone}. */
  public synchronized void release(String ip) {
    total--;
    if (ip != null) {
      perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
    }
  }

  public synchronized int total() {
    return total;
  }

  public synchronized int handshaking() {
    return handshaking;
  }
}
