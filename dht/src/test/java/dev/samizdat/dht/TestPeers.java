package dev.samizdat.dht;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.PeerId;
import java.util.Random;

/** Deterministic keys, peer ids and IPv4 multiaddrs for tests. */
public final class TestPeers {
  private final Random random;

  public TestPeers(long seed) {
    this.random = new Random(seed);
  }

  public Ed25519PrivateKey key() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return Ed25519PrivateKey.fromSeed(seed);
  }

  public PeerId id() {
    return PeerId.fromPublicKey(key().publicKey());
  }

  /** /ip4/a.b.c.d/tcp/4001 in binary. */
  public static byte[] ip4(int a, int b, int c, int d) {
    return new byte[] {0x04, (byte) a, (byte) b, (byte) c, (byte) d, 0x06, 0x0f, (byte) 0xa1};
  }

  /** A peer in its own random /24. */
  public PeerAddresses peer() {
    return PeerAddresses.of(id(), ip4(1 + random.nextInt(223), random.nextInt(256), random.nextInt(256), 7));
  }

  public PeerAddresses peerAt(int a, int b, int c, int d) {
    return PeerAddresses.of(id(), ip4(a, b, c, d));
  }
}
