package dev.samizdat.libp2p.noise;

import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.PeerId;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a completed libp2p Noise handshake: who the remote proved to be, what it offered, and
 * the {@link NoiseTransport} that carries the connection from here on. The remote's extensions are
 * only exposed here, after its signature has been checked, as the spec requires.
 */
public final class NoiseSession {
  private final boolean initiator;
  private final Ed25519PublicKey remoteIdentity;
  private final PeerId remotePeerId;
  private final List<String> remoteStreamMuxers;
  private final Optional<String> negotiatedStreamMuxer;
  private final byte[] handshakeHash;
  private final NoiseTransport transport;

  NoiseSession(boolean initiator, Ed25519PublicKey remoteIdentity, List<String> remoteStreamMuxers,
      Optional<String> negotiatedStreamMuxer, byte[] handshakeHash, NoiseTransport transport) {
    this.initiator = initiator;
    this.remoteIdentity = remoteIdentity;
    this.remotePeerId = PeerId.fromPublicKey(remoteIdentity);
    this.remoteStreamMuxers = List.copyOf(remoteStreamMuxers);
    this.negotiatedStreamMuxer = negotiatedStreamMuxer;
    this.handshakeHash = handshakeHash;
    this.transport = transport;
  }

  /** True on the dialer's side. */
  public boolean isInitiator() {
    return initiator;
  }

  /** The Ed25519 identity whose signature over the remote's Noise static key was verified. */
  public Ed25519PublicKey remoteIdentity() {
    return remoteIdentity;
  }

  /** The remote's peer id, derived from {@link #remoteIdentity()}. */
  public PeerId remotePeerId() {
    return remotePeerId;
  }

  /** The stream muxers the remote offered in its handshake payload, in its order; may be empty. */
  public List<String> remoteStreamMuxers() {
    return remoteStreamMuxers;
  }

  /**
   * The muxer agreed in the handshake (inlined muxer negotiation: the first of the initiator's list
   * that the responder also offered), or empty when either side offered none, in which case the muxer
   * is negotiated with multistream-select after the handshake.
   */
  public Optional<String> negotiatedStreamMuxer() {
    return negotiatedStreamMuxer;
  }

  /** The Noise handshake hash, the same on both sides: usable for channel binding. */
  public byte[] handshakeHash() {
    return handshakeHash.clone();
  }

  public NoiseTransport transport() {
    return transport;
  }
}
