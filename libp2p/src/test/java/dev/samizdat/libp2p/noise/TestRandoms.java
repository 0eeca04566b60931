package dev.samizdat.libp2p.noise;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Deterministic random sources, so that a failing test or fuzz input replays exactly. */
final class TestRandoms {
  private TestRandoms() {}

  /** SHA1PRNG seeded before its first use produces a fixed sequence. */
  static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA1PRNG", e);
    }
  }
}
