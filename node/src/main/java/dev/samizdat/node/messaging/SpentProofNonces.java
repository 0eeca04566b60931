package dev.samizdat.node.messaging;

import dev.samizdat.crypto.Ed25519PublicKey;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The nonces of the owner proofs a mailbox node accepted lately, per recipient, so that none is taken
 * twice. Each recipient's nonces are kept in order of arrival on the node's clock and dropped from the
 * oldest once older than {@code rememberFor}; recipients are kept in order of their last proof and
 * dropped from the least recent once all theirs are. Every call is O(1) amortised. Thread-safe.
 *
 * <p>Bounds: {@code maxPerRecipient} proofs per recipient within {@code rememberFor}, refused beyond
 * that for that recipient alone — only the holder of its key can sign them. And {@code maxInAll}
 * nonces in all, beyond which the recipient heard from least lately is forgotten rather than anyone
 * refused: refusing would let whoever signs proofs for keys of their own lock every owner out, while
 * forgetting only makes a quiet owner's proofs of the last minutes replayable — by whoever holds a
 * copy, and they travel to this node alone, over an encrypted stream — and a replay fetches nothing
 * but envelopes sealed to that owner or deletes what the owner had deleted.
 */
final class SpentProofNonces {
  enum Outcome { FRESH, REPLAYED, TOO_MANY }

  private record Nonce(long high, long low) {
    static Nonce of(byte[] nonce) {
      ByteBuffer buffer = ByteBuffer.wrap(nonce);
      return new Nonce(buffer.getLong(), buffer.getLong());
    }
  }

  private record Spent(Nonce nonce, long arrivedAtMillis) {}

  private static final class Recent {
    final ArrayDeque<Spent> oldestFirst = new ArrayDeque<>();
    final Set<Nonce> nonces = new HashSet<>();
  }

  private final long rememberMillis;
  private final int maxPerRecipient;
  private final int maxInAll;
  /** Access order: the recipient whose proof came least lately first. */
  private final LinkedHashMap<Ed25519PublicKey, Recent> byRecipient = new LinkedHashMap<>(16, 0.75f, true);
  private int remembered;

  /** {@code rememberFor}: how long after its arrival a proof could still be accepted again. */
  SpentProofNonces(Duration rememberFor, int maxPerRecipient, int maxInAll) {
    this.rememberMillis = rememberFor.toMillis();
    this.maxPerRecipient = maxPerRecipient;
    this.maxInAll = maxInAll;
  }

  /** Spends {@code nonce} (of {@link dev.samizdat.node.messaging.net.OwnerProof#NONCE_LENGTH} bytes) if it is fresh. */
  synchronized Outcome spend(Ed25519PublicKey recipient, byte[] nonce, long nowMillis) {
    long oldest = nowMillis - rememberMillis;
    forgetQuietRecipients(oldest);
    Recent recent = byRecipient.computeIfAbsent(recipient, r -> new Recent());
    while (!recent.oldestFirst.isEmpty() && recent.oldestFirst.peekFirst().arrivedAtMillis() < oldest) {
      recent.nonces.remove(recent.oldestFirst.removeFirst().nonce());
      remembered--;
    }
    Nonce key = Nonce.of(nonce);
    if (recent.nonces.contains(key)) {
      return Outcome.REPLAYED;
    }
    if (recent.nonces.size() >= maxPerRecipient) {
      return Outcome.TOO_MANY;
    }
    recent.nonces.add(key);
    recent.oldestFirst.addLast(new Spent(key, nowMillis));
    remembered++;
    while (remembered > maxInAll) {
      forgetLeastRecentRecipient();
    }
    return Outcome.FRESH;
  }

  /** Nonces remembered now, over every recipient. */
  synchronized int remembered() {
    return remembered;
  }

  /** Recipients tracked now. */
  synchronized int recipients() {
    return byRecipient.size();
  }

  private void forgetQuietRecipients(long oldest) {
    for (Iterator<Recent> it = byRecipient.values().iterator(); it.hasNext(); ) {
      Recent recent = it.next();
      if (!recent.oldestFirst.isEmpty() && recent.oldestFirst.peekLast().arrivedAtMillis() >= oldest) {
        return;
      }
      remembered -= recent.oldestFirst.size();
      it.remove();
    }
  }

  private void forgetLeastRecentRecipient() {
    Iterator<Map.Entry<Ed25519PublicKey, Recent>> it = byRecipient.entrySet().iterator();
    remembered -= it.next().getValue().oldestFirst.size();
    it.remove();
  }
}
