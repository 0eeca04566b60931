package dev.samizdat.node.messaging;

import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.Hashes;
import dev.samizdat.crypto.pqxdh.PrekeyBundle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * DHT keys and record validation for messaging. A prekey bundle is stored under
 * SHA-256("samizdat/prekey-bundle/v1" ‖ identity); it is valid when it decodes, all its signatures
 * verify and its identity is the one the key was derived from; of two valid records the higher
 * sequence wins. A recipient's mailbox key is SHA-256("samizdat/mailbox/v1" ‖ identity): the nodes
 * closest to it hold that recipient's envelopes.
 */
public final class PrekeyRecords {
  private static final byte[] BUNDLE_LABEL = "samizdat/prekey-bundle/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAILBOX_LABEL = "samizdat/mailbox/v1".getBytes(StandardCharsets.US_ASCII);

  private PrekeyRecords() {}

  public static byte[] bundleKey(Ed25519PublicKey identity) {
    return Hashes.sha256(BUNDLE_LABEL, identity.toBytes());
  }

  public static byte[] mailboxKey(Ed25519PublicKey identity) {
    return Hashes.sha256(MAILBOX_LABEL, identity.toBytes());
  }

  /** The verified bundle if {@code value} is a valid record for {@code key}, else empty. */
  public static Optional<PrekeyBundle> validate(byte[] key, byte[] value) {
    if (value == null || value.length > MessagingLimits.MAX_BUNDLE_BYTES) {
      return Optional.empty();
    }
    try {
      PrekeyBundle bundle = PrekeyBundle.decode(value);
      if (!Arrays.equals(key, bundleKey(bundle.identity()))) {
        return Optional.empty();
      }
      return Optional.of(bundle.verify());
    } catch (CryptoException e) {
      return Optional.empty();
    }
  }

  /** Which of two records to keep under {@code key}: the valid one with the higher sequence (ties: current). */
  public static byte[] select(byte[] key, byte[] current, byte[] candidate) {
    Optional<PrekeyBundle> a = validate(key, current);
    Optional<PrekeyBundle> b = validate(key, candidate);
    if (b.isEmpty()) {
      return current;
    }
    if (a.isEmpty() || b.get().sequence() > a.get().sequence()) {
      return candidate;
    }
    return current;
  }
}
