package dev.samizdat.crypto.ratchet;

import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.X25519PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The serialised {@link RatchetSession}, version 2 (all integers big-endian):
 * <pre>
 *   u8  version = 2
 *   u16 len, associated data            (≤ MAX_ASSOCIATED_DATA_LENGTH)
 *   u8  flags: 1 = receiving key, 2 = sending chain, 4 = receiving chain
 *   32  own ratchet private key
 *   32  own ratchet public key          (not in version 1, where it is derived on restoring)
 *   32  receiving ratchet public key    (if flag 1)
 *   32  root key
 *   32  sending chain key               (if flag 2)
 *   32  receiving chain key             (if flag 4)
 *   u32 Ns, u32 Nr, u32 PN
 *   u8  count, count × 32 earlier receiving ratchet keys, oldest first (≤ MAX_PREVIOUS_RATCHET_KEYS)
 *   u16 count, count × (32 ratchet key, u32 n, 32 message key), oldest first (≤ MAX_SKIPPED_KEYS)
 * </pre>
 * Keeping the public key saves a scalar multiplication per message: a stored session is restored for
 * every message it encrypts, and each message header carries that key.
 */
final class SessionCodec {
  static final int VERSION = 2;
  /** Without the own public key; still read. */
  static final int VERSION_1 = 1;
  private static final int KEY = 32;
  private static final int FLAG_RECEIVING_KEY = 1;
  private static final int FLAG_SENDING_CHAIN = 2;
  private static final int FLAG_RECEIVING_CHAIN = 4;

  private SessionCodec() {}

  static byte[] encode(RatchetSession s) {
    WireWriter w = new WireWriter(256 + s.skipped.size() * (KEY + 4 + KEY));
    w.u8(VERSION).bytes16(s.associatedData);
    int flags = (s.receivingKey != null ? FLAG_RECEIVING_KEY : 0)
        | (s.sendingChain != null ? FLAG_SENDING_CHAIN : 0)
        | (s.receivingChain != null ? FLAG_RECEIVING_CHAIN : 0);
    w.u8(flags).bytes(s.sendingKey.toBytes()).bytes(s.sendingKey.publicKey().toBytes());
    if (s.receivingKey != null) {
      w.bytes(s.receivingKey.toBytes());
    }
    w.bytes(s.rootKey);
    if (s.sendingChain != null) {
      w.bytes(s.sendingChain);
    }
    if (s.receivingChain != null) {
      w.bytes(s.receivingChain);
    }
    w.u31(s.sendCount).u31(s.receiveCount).u31(s.previousSendCount);
    w.u8(s.previousReceivingKeys.size());
    for (X25519PublicKey k : s.previousReceivingKeys) {
      w.bytes(k.toBytes());
    }
    w.u16(s.skipped.size());
    for (Map.Entry<SkippedKeys.Id, byte[]> e : s.skipped.entries()) {
      w.bytes(e.getKey().ratchetKey().toBytes()).u31(e.getKey().number()).bytes(e.getValue());
    }
    return w.toByteArray();
  }

  static RatchetSession decode(byte[] state) {
    WireReader r = new WireReader(state, "ratchet session state");
    int version = r.u8("version");
    if (version != VERSION && version != VERSION_1) {
      throw new MalformedInputException("ratchet session state has version " + version + ", expected "
          + VERSION_1 + " or " + VERSION);
    }
    byte[] ad = r.bytes16(RatchetSession.MAX_ASSOCIATED_DATA_LENGTH, "associated data");
    int flags = r.u8("flags");
    if ((flags & ~(FLAG_RECEIVING_KEY | FLAG_SENDING_CHAIN | FLAG_RECEIVING_CHAIN)) != 0) {
      throw new MalformedInputException("ratchet session state has unknown flags " + flags);
    }
    if ((flags & FLAG_RECEIVING_CHAIN) != 0 && (flags & FLAG_RECEIVING_KEY) == 0) {
      throw new MalformedInputException("ratchet session state has a receiving chain without its key");
    }
    byte[] ownPrivate = r.bytes(KEY, "own ratchet key");
    X25519PrivateKey own = version == VERSION_1 ? X25519PrivateKey.fromBytes(ownPrivate)
        : X25519PrivateKey.fromBytes(ownPrivate, X25519PublicKey.fromBytes(r.bytes(KEY, "own ratchet public key")));
    X25519PublicKey receivingKey = (flags & FLAG_RECEIVING_KEY) != 0
        ? X25519PublicKey.fromBytes(r.bytes(KEY, "receiving ratchet key")) : null;
    byte[] rootKey = r.bytes(KEY, "root key");
    byte[] sendingChain = (flags & FLAG_SENDING_CHAIN) != 0 ? r.bytes(KEY, "sending chain key") : null;
    byte[] receivingChain = (flags & FLAG_RECEIVING_CHAIN) != 0 ? r.bytes(KEY, "receiving chain key") : null;
    int ns = r.u31("Ns");
    int nr = r.u31("Nr");
    int pn = r.u31("PN");
    int previousCount = r.u8("earlier ratchet key count");
    if (previousCount > RatchetSession.MAX_PREVIOUS_RATCHET_KEYS) {
      throw new MalformedInputException("ratchet session state lists " + previousCount + " earlier ratchet keys");
    }
    ArrayDeque<X25519PublicKey> previous = new ArrayDeque<>();
    for (int i = 0; i < previousCount; i++) {
      previous.addLast(X25519PublicKey.fromBytes(r.bytes(KEY, "earlier ratchet key")));
    }
    int skippedCount = r.u16("skipped key count");
    if (skippedCount > RatchetSession.MAX_SKIPPED_KEYS) {
      throw new MalformedInputException("ratchet session state holds " + skippedCount + " skipped keys, more than "
          + RatchetSession.MAX_SKIPPED_KEYS);
    }
    List<SkippedKeys.Entry> entries = new ArrayList<>(Math.min(skippedCount, r.remaining() / (KEY + 4 + KEY)));
    for (int i = 0; i < skippedCount; i++) {
      X25519PublicKey dh = X25519PublicKey.fromBytes(r.bytes(KEY, "skipped ratchet key"));
      int n = r.u31("skipped message number");
      entries.add(new SkippedKeys.Entry(new SkippedKeys.Id(dh, n), r.bytes(KEY, "skipped message key")));
    }
    r.requireEnd();
    SkippedKeys skipped = new SkippedKeys();
    skipped.addAll(entries);
    if (skipped.size() != skippedCount) {
      throw new MalformedInputException("ratchet session state lists a skipped key twice");
    }
    return new RatchetSession(ad, own, receivingKey, rootKey, sendingChain, receivingChain, ns, nr, pn,
        previous, skipped);
  }
}
