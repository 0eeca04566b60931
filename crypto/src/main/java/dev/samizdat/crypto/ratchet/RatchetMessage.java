package dev.samizdat.crypto.ratchet;

import dev.samizdat.crypto.AeadAlgorithm;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.crypto.X25519PublicKey;
import java.util.Arrays;

/**
 * One Double Ratchet message on the wire (Double Ratchet spec §3.4, header fields of §3.1):
 * <pre>
 *   u8  version = 1
 *   32  dh   sender's current ratchet public key (X25519)
 *   u32 pn   number of messages in the sender's previous sending chain
 *   u32 n    number of this message in the current sending chain
 *   ..  ciphertext: AEAD(plaintext) with its 16-byte tag, to the end of the input
 * </pre>
 * The first {@link #HEADER_LENGTH} bytes are the header; they are authenticated as associated data
 * after the session's associated data. The message is always carried inside another frame (initial
 * message, sealed envelope), so the ciphertext length is implied by the outer frame.
 */
public record RatchetMessage(X25519PublicKey ratchetKey, int previousChainLength, int number, byte[] ciphertext) {
  public static final int VERSION = 1;
  public static final int HEADER_LENGTH = 1 + X25519PublicKey.LENGTH + 4 + 4;
  /**
   * A chat message, or one chunk of an attachment that the node splits: larger content is chunked
   * above this layer so that one message never needs a big buffer.
   */
  public static final int MAX_PLAINTEXT_LENGTH = 256 * 1024;
  public static final int MAX_LENGTH = HEADER_LENGTH + MAX_PLAINTEXT_LENGTH + AeadAlgorithm.TAG_LENGTH;

  public RatchetMessage {
    if (previousChainLength < 0 || number < 0) {
      throw new IllegalArgumentException("message counters must be non-negative");
    }
  }

  public static RatchetMessage decode(byte[] wire) {
    if (wire == null) {
      throw new MalformedInputException("ratchet message is missing");
    }
    if (wire.length > MAX_LENGTH) {
      throw new MalformedInputException("ratchet message of " + wire.length + " bytes exceeds " + MAX_LENGTH);
    }
    WireReader r = new WireReader(wire, "ratchet message");
    r.requireVersion(VERSION);
    X25519PublicKey dh = X25519PublicKey.fromBytes(r.bytes(X25519PublicKey.LENGTH, "ratchet key"));
    int pn = r.u31("previous chain length");
    int n = r.u31("message number");
    if (r.remaining() < AeadAlgorithm.TAG_LENGTH) {
      throw new MalformedInputException("ratchet message ciphertext is shorter than its tag");
    }
    return new RatchetMessage(dh, pn, n, r.rest());
  }

  /** The header bytes exactly as they travel, for the associated data. */
  public byte[] header() {
    return header(ratchetKey, previousChainLength, number);
  }

  static byte[] header(X25519PublicKey dh, int pn, int n) {
    return new WireWriter(HEADER_LENGTH).u8(VERSION).bytes(dh.toBytes()).u31(pn).u31(n).toByteArray();
  }

  public byte[] encode() {
    byte[] out = Arrays.copyOf(header(), HEADER_LENGTH + ciphertext.length);
    System.arraycopy(ciphertext, 0, out, HEADER_LENGTH, ciphertext.length);
    return out;
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RatchetMessage m && ratchetKey.equals(m.ratchetKey)
        && previousChainLength == m.previousChainLength && number == m.number
        && Arrays.equals(ciphertext, m.ciphertext);
  }

  @Override
  public int hashCode() {
    return ratchetKey.hashCode() * 31 + number;
  }

  @Override
  public String toString() {
    return "RatchetMessage[dh=" + ratchetKey + ", pn=" + previousChainLength + ", n=" + number
        + ", " + ciphertext.length + " bytes]";
  }
}
