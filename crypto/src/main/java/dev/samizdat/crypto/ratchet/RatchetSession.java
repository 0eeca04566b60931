package dev.samizdat.crypto.ratchet;

import dev.samizdat.crypto.Aead;
import dev.samizdat.crypto.AeadAlgorithm;
import dev.samizdat.crypto.AeadCipher;
import dev.samizdat.crypto.AeadProvider;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.crypto.SymmetricKey;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.X25519PublicKey;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One end of a Double Ratchet session (Signal, "The Double Ratchet Algorithm", rev. 1, §3): X25519
 * DH ratchet, HMAC-SHA256 chain keys, HKDF root KDF ({@link RatchetKdf}) and AES-256-GCM for
 * messages, with header and the session's associated data (both identities, from PQXDH) as AEAD
 * associated data.
 *
 * <p>{@link #decrypt} is transactional: it computes every change on the side and commits only after
 * the AEAD tag verified, so a forged, corrupt, replayed or out-of-bounds message leaves the session
 * exactly as it was. Used message keys are wiped and forgotten; a copy of the state therefore cannot
 * decrypt earlier messages (forward secrecy).
 *
 * <p>Not thread-safe: the owner serialises calls and persists {@link #toBytes()} after each one.
 */
public final class RatchetSession {
  /**
   * Most message keys derived ahead in one receiving chain for one incoming message. It covers a
   * burst of lost or delayed messages far beyond normal chat, and caps the work a forged header can
   * force before its tag is checked at ~1,000 HMACs; a larger jump is rejected before deriving.
   */
  public static final int MAX_SKIP = 1000;
  /**
   * Most skipped message keys kept over all chains (68 bytes each, so ≤ ~140 KB of session state);
   * the oldest are evicted first, so a message delayed past 2,000 later skipped ones is lost.
   */
  public static final int MAX_SKIPPED_KEYS = 2000;
  /** Earlier receiving ratchet keys remembered so that a replay from an old chain is recognised. */
  public static final int MAX_PREVIOUS_RATCHET_KEYS = 8;
  /** Longest associated data: two identity keys with room for a protocol label. */
  public static final int MAX_ASSOCIATED_DATA_LENGTH = 256;
  /**
   * AES-256-GCM: with a fresh key per message the key setup dominates for short messages, and there
   * Conscrypt's GCM is about twice as fast as its ChaCha20-Poly1305 on this platform (AES-NI).
   */
  public static final AeadAlgorithm MESSAGE_AEAD = AeadAlgorithm.AES_256_GCM;

  static AeadProvider messageProvider = AeadProvider.fastest();

  final byte[] associatedData;
  X25519PrivateKey sendingKey;
  X25519PublicKey receivingKey;
  byte[] rootKey;
  byte[] sendingChain;
  byte[] receivingChain;
  int sendCount;
  int receiveCount;
  int previousSendCount;
  final ArrayDeque<X25519PublicKey> previousReceivingKeys;
  final SkippedKeys skipped;

  RatchetSession(byte[] associatedData, X25519PrivateKey sendingKey, X25519PublicKey receivingKey,
      byte[] rootKey, byte[] sendingChain, byte[] receivingChain, int sendCount, int receiveCount,
      int previousSendCount, ArrayDeque<X25519PublicKey> previousReceivingKeys, SkippedKeys skipped) {
    if (associatedData.length > MAX_ASSOCIATED_DATA_LENGTH) {
      throw new IllegalArgumentException("associated data longer than " + MAX_ASSOCIATED_DATA_LENGTH);
    }
    this.associatedData = associatedData.clone();
    this.sendingKey = sendingKey;
    this.receivingKey = receivingKey;
    this.rootKey = rootKey;
    this.sendingChain = sendingChain;
    this.receivingChain = receivingChain;
    this.sendCount = sendCount;
    this.receiveCount = receiveCount;
    this.previousSendCount = previousSendCount;
    this.previousReceivingKeys = previousReceivingKeys;
    this.skipped = skipped;
  }

  /** RatchetInitAlice (§3.3): the party that sent the PQXDH initial message. */
  public static RatchetSession initiator(byte[] sharedSecret, X25519PublicKey responderRatchetKey,
      byte[] associatedData, SecureRandom random) {
    Bytes.requireLength(sharedSecret, RatchetKdf.KEY_LENGTH, "ratchet shared secret");
    X25519PrivateKey own = X25519PrivateKey.generate(random);
    byte[][] rk = RatchetKdf.root(sharedSecret, own.agree(responderRatchetKey));
    return new RatchetSession(associatedData, own, responderRatchetKey, rk[0], rk[1], null, 0, 0, 0,
        new ArrayDeque<>(), new SkippedKeys());
  }

  /** RatchetInitBob (§3.3): the responder, whose first ratchet key is its signed prekey. */
  public static RatchetSession responder(byte[] sharedSecret, X25519PrivateKey ownRatchetKey, byte[] associatedData) {
    Bytes.requireLength(sharedSecret, RatchetKdf.KEY_LENGTH, "ratchet shared secret");
    return new RatchetSession(associatedData, ownRatchetKey, null, sharedSecret.clone(), null, null, 0, 0, 0,
        new ArrayDeque<>(), new SkippedKeys());
  }

  public byte[] associatedData() {
    return associatedData.clone();
  }

  /** Restores a session from {@link #toBytes()}; malformed input gives {@link MalformedInputException}. */
  public static RatchetSession fromBytes(byte[] state) {
    return SessionCodec.decode(state);
  }

  /** The whole state, versioned; contains secrets. */
  public byte[] toBytes() {
    return SessionCodec.encode(this);
  }

  /** Whether this end can send yet (a responder can once it has decrypted the first message). */
  public boolean canEncrypt() {
    return sendingChain != null;
  }

  /** RatchetEncrypt (§3.4): returns the encoded {@link RatchetMessage}. */
  public byte[] encrypt(byte[] plaintext) {
    if (sendingChain == null) {
      throw new IllegalStateException("no sending chain yet: a responder sends after its first decrypt");
    }
    if (plaintext.length > RatchetMessage.MAX_PLAINTEXT_LENGTH) {
      throw new IllegalArgumentException("plaintext of " + plaintext.length + " bytes exceeds "
          + RatchetMessage.MAX_PLAINTEXT_LENGTH + "; split it");
    }
    if (sendCount == Integer.MAX_VALUE) {
      throw new IllegalStateException("sending chain exhausted");
    }
    byte[][] step = RatchetKdf.chain(sendingChain);
    Bytes.wipe(sendingChain);
    sendingChain = step[1];
    byte[] header = RatchetMessage.header(sendingKey.publicKey(), previousSendCount, sendCount++);
    byte[] out = new byte[RatchetMessage.HEADER_LENGTH + plaintext.length + AeadAlgorithm.TAG_LENGTH];
    System.arraycopy(header, 0, out, 0, header.length);
    byte[][] keys = RatchetKdf.messageKeys(step[0]);
    Bytes.wipe(step[0]);
    cipher(keys[0]).seal(keys[1], Bytes.concat(associatedData, header), plaintext, 0, plaintext.length,
        out, RatchetMessage.HEADER_LENGTH);
    Bytes.wipe(keys[0]);
    return out;
  }

  /**
   * RatchetDecrypt (§3.5), transactional. {@code random} supplies the next ratchet key pair when the
   * message starts a new DH ratchet step.
   *
   * @throws MalformedInputException the message is not well-formed, or would skip more than {@link #MAX_SKIP}
   * @throws DuplicateMessageException its key was already used or is no longer kept
   * @throws AuthenticationException it does not authenticate
   */
  public byte[] decrypt(byte[] wire, SecureRandom random) {
    RatchetMessage m = RatchetMessage.decode(wire);
    X25519PublicKey dh = m.ratchetKey();
    byte[] header = m.header();
    byte[] stored = skipped.get(dh, m.number());
    if (stored != null) {
      byte[] plaintext = open(stored, header, m.ciphertext());
      skipped.remove(dh, m.number());
      return plaintext;
    }
    if (dh.equals(receivingKey)) {
      if (receivingChain == null) {
        throw new AuthenticationException("message under the responder's prekey, which never sends");
      }
      if (m.number() < receiveCount) {
        throw new DuplicateMessageException("message " + m.number() + " of the current chain was already received");
      }
      requireSkipWithinBound(m.number() - receiveCount);
      List<SkippedKeys.Entry> newlySkipped = new ArrayList<>();
      byte[][] walk = walk(receivingChain, receiveCount, m.number(), dh, newlySkipped);
      byte[] plaintext;
      try {
        plaintext = open(walk[0], header, m.ciphertext());
      } finally {
        Bytes.wipe(walk[0]);
      }
      skipped.addAll(newlySkipped);
      Bytes.wipe(receivingChain);
      receivingChain = walk[1];
      receiveCount = m.number() + 1;
      return plaintext;
    }
    if (previousReceivingKeys.contains(dh)) {
      throw new DuplicateMessageException("message " + m.number() + " of an earlier chain was already received"
          + " or its key expired");
    }
    return decryptWithNewRatchetKey(m, header, random);
  }

  private byte[] decryptWithNewRatchetKey(RatchetMessage m, byte[] header, SecureRandom random) {
    X25519PublicKey dh = m.ratchetKey();
    if (receivingChain != null) {
      requireSkipWithinBound(m.previousChainLength() - receiveCount);
    }
    requireSkipWithinBound(m.number());
    List<SkippedKeys.Entry> newlySkipped = new ArrayList<>();
    if (receivingChain != null && m.previousChainLength() > receiveCount) {
      byte[][] rest = walk(receivingChain, receiveCount, m.previousChainLength(), receivingKey, newlySkipped);
      Bytes.wipe(rest[0]);
    }
    byte[][] receiving = RatchetKdf.root(rootKey, sendingKey.agree(dh));
    byte[][] walk = walk(receiving[1], 0, m.number(), dh, newlySkipped);
    byte[] plaintext;
    try {
      plaintext = open(walk[0], header, m.ciphertext());
    } finally {
      Bytes.wipe(walk[0]);
    }
    X25519PrivateKey nextSendingKey = X25519PrivateKey.generate(random);
    byte[][] sending = RatchetKdf.root(receiving[0], nextSendingKey.agree(dh));
    skipped.addAll(newlySkipped);
    if (receivingKey != null) {
      previousReceivingKeys.addLast(receivingKey);
      if (previousReceivingKeys.size() > MAX_PREVIOUS_RATCHET_KEYS) {
        previousReceivingKeys.removeFirst();
      }
    }
    previousSendCount = sendCount;
    sendCount = 0;
    receiveCount = m.number() + 1;
    receivingKey = dh;
    Bytes.wipe(receivingChain);
    receivingChain = walk[1];
    Bytes.wipe(rootKey);
    Bytes.wipe(receiving[0]);
    rootKey = sending[0];
    Bytes.wipe(sendingChain);
    sendingChain = sending[1];
    sendingKey = nextSendingKey;
    return plaintext;
  }

  private static void requireSkipWithinBound(int count) {
    if (count > MAX_SKIP) {
      throw new MalformedInputException("message would skip " + count + " keys of one chain, more than "
          + MAX_SKIP);
    }
  }

  /**
   * Advances a copy of chain key {@code chain} from {@code from} to {@code to}, collecting the keys of
   * the messages in between; returns {@code [key of message 'to', chain key after it]}.
   */
  private static byte[][] walk(byte[] chain, int from, int to, X25519PublicKey dh, List<SkippedKeys.Entry> out) {
    byte[] ck = chain;
    for (int n = from; n < to; n++) {
      byte[][] step = RatchetKdf.chain(ck);
      out.add(new SkippedKeys.Entry(new SkippedKeys.Id(dh, n), step[0]));
      ck = step[1];
    }
    return RatchetKdf.chain(ck);
  }

  private byte[] open(byte[] messageKey, byte[] header, byte[] ciphertext) {
    byte[][] keys = RatchetKdf.messageKeys(messageKey);
    try {
      return cipher(keys[0]).open(keys[1], Bytes.concat(associatedData, header), ciphertext);
    } finally {
      Bytes.wipe(keys[0]);
    }
  }

  private static AeadCipher cipher(byte[] key) {
    return Aead.createForOneMessage(MESSAGE_AEAD, SymmetricKey.fromBytes(key), messageProvider);
  }
}
