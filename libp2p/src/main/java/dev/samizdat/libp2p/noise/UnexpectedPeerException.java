package dev.samizdat.libp2p.noise;

import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.Libp2pException;

/**
 * The dialed peer proved an identity other than the one the dialer asked for: the handshake is
 * aborted before the dialer reveals its own identity.
 */
public final class UnexpectedPeerException extends Libp2pException {
  private final transient Ed25519PublicKey expected;
  private final transient Ed25519PublicKey actual;

  public UnexpectedPeerException(Ed25519PublicKey expected, Ed25519PublicKey actual) {
    super("expected to reach peer " + expected + " but the remote proved identity " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  public Ed25519PublicKey expected() {
    return expected;
  }

  public Ed25519PublicKey actual() {
    return actual;
  }
}
