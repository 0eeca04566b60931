package dev.samizdat.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A number two users compare (aloud, or by scanning a QR code) to check that each holds the other's real
 * identity key, after Signal's "numeric fingerprint" design. Each side's key gets an iterated SHA-512
 * fingerprint; its first 30 bytes become 30 digits; the two 30-digit halves in sorted order make the
 * same 60 digits on both devices, shown as 12 groups of 5. Immutable.
 *
 * <pre>
 *   h0 = SHA-512(len ‖ "samizdat/safety-number/v1" ‖ key);  h(i+1) = SHA-512(h(i) ‖ key);  f = h(5200)
 *   digits(f) = for each 5-byte chunk c of f[0..30): (c as a 40-bit big-endian number) mod 100000, 5 digits
 *   scannable payload = version (1) ‖ f_shower[0..32) ‖ f_scanner[0..32)
 * </pre>
 */
public final class SafetyNumber {
  public static final int VERSION = 1;
  /** Signal's iteration count: it makes a search for a key with a chosen fingerprint ~5200× dearer. */
  public static final int ITERATIONS = 5200;
  public static final int DIGITS = 60;
  static final int FINGERPRINT_LENGTH = 32;
  public static final int PAYLOAD_LENGTH = 1 + 2 * FINGERPRINT_LENGTH;
  private static final byte[] LABEL = "samizdat/safety-number/v1".getBytes(StandardCharsets.US_ASCII);

  private final String digits;
  private final byte[] localFingerprint;
  private final byte[] remoteFingerprint;

  private SafetyNumber(byte[] localFingerprint, byte[] remoteFingerprint) {
    this.localFingerprint = localFingerprint;
    this.remoteFingerprint = remoteFingerprint;
    String local = digitsOf(localFingerprint);
    String remote = digitsOf(remoteFingerprint);
    this.digits = local.compareTo(remote) <= 0 ? local + remote : remote + local;
  }

  /** The safety number as seen by the holder of {@code local}; the other side computes the same digits. */
  public static SafetyNumber of(Ed25519PublicKey local, Ed25519PublicKey remote) {
    return new SafetyNumber(fingerprint(local), fingerprint(remote));
  }

  /** 60 decimal digits. */
  public String digits() {
    return digits;
  }

  /** The 12 groups of 5 digits, in display order. */
  public List<String> groups() {
    List<String> groups = new ArrayList<>(DIGITS / 5);
    for (int i = 0; i < DIGITS; i += 5) {
      groups.add(digits.substring(i, i + 5));
    }
    return groups;
  }

  /** The groups separated by spaces, for display (the UI may lay them out in rows). */
  public String displayString() {
    return String.join(" ", groups());
  }

  /** What this side shows as a QR code: version, then its own fingerprint, then the peer's. */
  public byte[] scannablePayload() {
    return Bytes.concat(new byte[] {VERSION}, localFingerprint, remoteFingerprint);
  }

  /**
   * Checks a payload scanned from the peer's screen: it must name the peer's key as the shower's and
   * ours as the scanner's. False means the keys differ (a possible interception, or a changed key).
   *
   * @throws MalformedInputException the payload is not a safety-number payload of a version we read
   */
  public boolean matchesScanned(byte[] payload) {
    if (payload == null || payload.length != PAYLOAD_LENGTH) {
      throw new MalformedInputException("a safety-number payload is " + PAYLOAD_LENGTH + " bytes, got "
          + (payload == null ? "none" : payload.length));
    }
    if ((payload[0] & 0xff) != VERSION) {
      throw new MalformedInputException("safety-number payload version " + (payload[0] & 0xff)
          + " is not supported (this build reads " + VERSION + ")");
    }
    byte[] theirs = Arrays.copyOfRange(payload, 1, 1 + FINGERPRINT_LENGTH);
    byte[] ours = Arrays.copyOfRange(payload, 1 + FINGERPRINT_LENGTH, PAYLOAD_LENGTH);
    return Bytes.constantTimeEquals(theirs, remoteFingerprint) & Bytes.constantTimeEquals(ours, localFingerprint);
  }

  static byte[] fingerprint(Ed25519PublicKey key) {
    byte[] keyBytes = key.toBytes();
    MessageDigest sha512 = newSha512();
    sha512.update((byte) LABEL.length);
    sha512.update(LABEL);
    sha512.update(keyBytes);
    byte[] hash = sha512.digest();
    for (int i = 0; i < ITERATIONS; i++) {
      sha512.update(hash);
      sha512.update(keyBytes);
      hash = sha512.digest();
    }
    return Arrays.copyOf(hash, FINGERPRINT_LENGTH);
  }

  static String digitsOf(byte[] fingerprint) {
    StringBuilder out = new StringBuilder(DIGITS / 2);
    for (int chunk = 0; chunk < 6; chunk++) {
      long value = 0;
      for (int i = 0; i < 5; i++) {
        value = (value << 8) | (fingerprint[chunk * 5 + i] & 0xffL);
      }
      out.append(String.format("%05d", value % 100_000));
    }
    return out.toString();
  }

  private static MessageDigest newSha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-512", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SafetyNumber other && digits.equals(other.digits);
  }

  @Override
  public int hashCode() {
    return digits.hashCode();
  }

  @Override
  public String toString() {
    return "SafetyNumber[" + displayString() + "]";
  }
}
