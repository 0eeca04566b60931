package dev.samizdat.libp2p.noise;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.PeerId;

/**
 * The dialed peer proved an identity other than the one the dialer asked for: the handshake is
 * aborted before the dialer reveals its own identity.
 */
public final class UnexpectedPeerException extends Libp2pException {
  private final transient PeerId expected;
  private final transient PeerId actual;

  public UnexpectedPeerException(PeerId expected, PeerId actual) {
    super("expected to reach peer " + expected.toBase58() + " but the remote proved to be " + actual.toBase58());
    this.expected = expected;
    this.actual = actual;
  }

  public PeerId expected() {
    return expected;
  }

  public PeerId actual() {
    return actual;
  }
}
