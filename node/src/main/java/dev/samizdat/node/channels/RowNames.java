package dev.samizdat.node.channels;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Row suffixes for the channels tables: a keyed hash of what the row is about (a feed key, a target),
 * so that a seized disk does not list the channels a user follows or the targets reported to them. The
 * key is derived from the identity, so it is stable across restarts and needs no storage of its own.
 */
final class RowNames {
  /** 128 bits: collisions among a user's rows are negligible. */
  static final int LENGTH = 16;
  private static final byte[] INFO = "samizdat/channels-row-names/v1".getBytes(StandardCharsets.US_ASCII);

  private final byte[] key;

  RowNames(byte[] key) {
    this.key = key.clone();
  }

  static RowNames forIdentity(Ed25519PrivateKey identity) {
    return new RowNames(Hkdf.derive(identity.seed(), new byte[0], INFO, 32));
  }

  byte[] of(byte[] subject) {
    return Arrays.copyOf(Hkdf.hmacSha256(key, subject), LENGTH);
  }
}
