package dev.samizdat.libp2p.noise;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.X25519PublicKey;
import java.security.SecureRandom;
import java.util.List;

/**
 * What this node proves in every Noise handshake: its Ed25519 identity, the X25519 static key that
 * identity signs, and the stream muxers it offers for inlined negotiation. The signed handshake payload
 * is built once here, since it is the same for every connection. Immutable and thread-safe; one
 * instance serves all connections.
 */
public final class NoiseIdentity {
  /** What samizdat offers, and what js-libp2p offers too. */
  public static final List<String> DEFAULT_STREAM_MUXERS = List.of("/yamux/1.0.0");

  private final Ed25519PublicKey identityKey;
  private final X25519PrivateKey staticKey;
  private final List<String> streamMuxers;
  private final byte[] payload;

  private NoiseIdentity(Ed25519PrivateKey identity, X25519PrivateKey staticKey, List<String> streamMuxers) {
    if (streamMuxers.size() > HandshakePayload.MAX_STREAM_MUXERS) {
      throw new IllegalArgumentException("at most " + HandshakePayload.MAX_STREAM_MUXERS + " stream muxers");
    }
    this.identityKey = identity.publicKey();
    this.staticKey = staticKey;
    this.streamMuxers = List.copyOf(streamMuxers);
    byte[] signature = identity.sign(HandshakePayload.signedData(staticKey.publicKey()));
    this.payload = new HandshakePayload(identityKey, signature, this.streamMuxers, List.of()).encode();
  }

  /**
   * @param streamMuxers offered in preference order; empty to leave muxer choice to multistream-select
   */
  public static NoiseIdentity of(Ed25519PrivateKey identity, X25519PrivateKey staticKey, List<String> streamMuxers) {
    return new NoiseIdentity(identity, staticKey, streamMuxers);
  }

  /** A fresh static key, offering {@link #DEFAULT_STREAM_MUXERS}. */
  public static NoiseIdentity generate(Ed25519PrivateKey identity, SecureRandom random) {
    return new NoiseIdentity(identity, X25519PrivateKey.generate(random), DEFAULT_STREAM_MUXERS);
  }

  public Ed25519PublicKey identityKey() {
    return identityKey;
  }

  public X25519PublicKey staticPublicKey() {
    return staticKey.publicKey();
  }

  public List<String> streamMuxers() {
    return streamMuxers;
  }

  X25519PrivateKey staticKey() {
    return staticKey;
  }

  /** The encoded, signed handshake payload. */
  byte[] payload() {
    return payload;
  }
}
