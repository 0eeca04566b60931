package dev.samizdat.crypto.ratchet;

import dev.samizdat.crypto.X25519PrivateKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Two sessions set up directly from a shared secret, as PQXDH would, for ratchet-only tests. */
record RatchetPair(RatchetSession alice, RatchetSession bob) {
  static final byte[] AD = "alice-identity-32-bytes.........bob-identity-32-bytes...........".getBytes(
      StandardCharsets.US_ASCII);

  static RatchetPair create(SecureRandom random) {
    byte[] sk = new byte[32];
    random.nextBytes(sk);
    X25519PrivateKey bobPrekey = X25519PrivateKey.generate(random);
    RatchetSession alice = RatchetSession.initiator(sk, bobPrekey.publicKey(), AD, random);
    RatchetSession bob = RatchetSession.responder(sk, bobPrekey, AD);
    return new RatchetPair(alice, bob);
  }

  static RatchetSession copy(RatchetSession s) {
    return RatchetSession.fromBytes(s.toBytes());
  }
}
