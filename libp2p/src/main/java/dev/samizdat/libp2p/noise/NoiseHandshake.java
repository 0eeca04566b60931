package dev.samizdat.libp2p.noise;

import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.noise.HandshakeState.Role;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * The libp2p Noise handshake (libp2p noise spec) as a state machine over wire bytes: XX with an empty
 * prologue, length-prefixed messages, the signed identity payload in messages 2 and 3 (message 1
 * carries none), and inlined stream-muxer negotiation (connections/inlined-muxer-negotiation.md).
 *
 * <p>Use: the initiator first sends {@link #start()}; each side then passes every received chunk to {@link
 * #onReceived} and sends what it returns, until {@link #isComplete()}; then {@link #session()} carries
 * the connection. Bytes that follow the last handshake message in a chunk are left in that buffer for
 * the session's transport.
 *
 * <p>Failures: {@link ProtocolViolationException} when the remote sends malformed, unauthenticated or
 * wrongly signed messages or shares no muxer with us; {@link UnexpectedPeerException} when the dialer
 * expected another identity (detected before the dialer sends its own). After any failure the
 * handshake is unusable and the connection must be closed. Not thread-safe.
 */
public final class NoiseHandshake {
  private static final byte[] EMPTY = new byte[0];

  private final NoiseIdentity local;
  private final PeerId expectedRemote;
  private final HandshakeState state;
  private final NoiseFrameDecoder decoder = new NoiseFrameDecoder();
  private boolean started;
  private boolean failed;
  private HandshakePayload remote;
  private Optional<String> negotiatedMuxer = Optional.empty();
  private NoiseSession session;

  private NoiseHandshake(Role role, NoiseIdentity local, PeerId expectedRemote, SecureRandom random) {
    this.local = local;
    this.expectedRemote = expectedRemote;
    this.state = new HandshakeState(role, EMPTY, local.staticKey(), X25519PrivateKey.generate(random));
    this.started = role == Role.RESPONDER;
  }

  /** The dialer's side, accepting whatever identity the remote proves. */
  public static NoiseHandshake initiator(NoiseIdentity local, SecureRandom random) {
    return new NoiseHandshake(Role.INITIATOR, local, null, random);
  }

  /** The dialer's side, aborting with {@link UnexpectedPeerException} unless the remote proves {@code expectedRemote}. */
  public static NoiseHandshake initiator(NoiseIdentity local, PeerId expectedRemote, SecureRandom random) {
    return new NoiseHandshake(Role.INITIATOR, local, expectedRemote, random);
  }

  /** The listener's side. */
  public static NoiseHandshake responder(NoiseIdentity local, SecureRandom random) {
    return new NoiseHandshake(Role.RESPONDER, local, null, random);
  }

  /** The initiator's framed first message, to send before anything else; nothing for the responder. */
  public byte[] start() {
    if (state.role() == Role.RESPONDER) {
      return EMPTY;
    }
    if (started) {
      throw new IllegalStateException("the Noise handshake was already started");
    }
    started = true;
    return guarded(() -> NoiseFrames.frame(state.writeMessage(EMPTY)));
  }

  /**
   * Consumes received bytes (split anywhere) up to the end of the handshake and returns the framed
   * bytes to send in reply, possibly none.
   */
  public byte[] onReceived(ByteBuffer in) {
    if (!started) {
      throw new IllegalStateException("start() the Noise handshake first");
    }
    return guarded(() -> {
      var out = new ByteArrayOutputStream();
      for (ByteBuffer frame; !state.isComplete() && (frame = decoder.decode(in)) != null; ) {
        byte[] message = new byte[frame.remaining()];
        frame.get(message);
        byte[] payload = state.readMessage(message);
        if (state.remoteStatic() != null && remote == null) {
          acceptRemote(HandshakePayload.decode(payload));
        }
        if (state.isMyTurn()) {
          out.writeBytes(NoiseFrames.frame(state.writeMessage(local.payload())));
        }
      }
      if (state.isComplete() && session == null) {
        CipherState[] ciphers = state.split();
        session = new NoiseSession(state.role() == Role.INITIATOR, remote.identityKey(), remote.streamMuxers(),
            negotiatedMuxer, state.handshakeHash(), new NoiseTransport(ciphers[0], ciphers[1]));
      }
      return out.toByteArray();
    });
  }

  public boolean isComplete() {
    return session != null;
  }

  /** The authenticated session; only once {@link #isComplete()}. */
  public NoiseSession session() {
    if (session == null) {
      throw new IllegalStateException("the Noise handshake is not complete");
    }
    return session;
  }

  /** Message 2 (for the initiator) or 3 (for the responder): the first payload that must be signed. */
  private void acceptRemote(HandshakePayload payload) {
    if (!payload.signs(state.remoteStatic())) {
      throw new ProtocolViolationException("the remote's identity " + payload.identityKey()
          + " did not sign its Noise static key");
    }
    checkExpectedRemote(payload.identityKey());
    if (payload.identityKey().equals(local.identityKey())) {
      throw new Libp2pException("the remote is this host itself: the address dialled is one of its own");
    }
    boolean initiator = state.role() == Role.INITIATOR;
    negotiatedMuxer = selectMuxer(initiator ? local.streamMuxers() : payload.streamMuxers(),
        initiator ? payload.streamMuxers() : local.streamMuxers());
    remote = payload;
  }

  /** The one place that decides whether the remote is the peer the dialer meant. */
  private void checkExpectedRemote(Ed25519PublicKey remoteIdentity) {
    if (expectedRemote != null && !expectedRemote.matches(remoteIdentity)) {
      throw new UnexpectedPeerException(expectedRemote, PeerId.fromPublicKey(remoteIdentity));
    }
  }

  /**
   * Inlined muxer negotiation: the first of the initiator's muxers that the responder offers. When
   * either list is empty, muxer choice falls back to multistream-select; when both list muxers but
   * share none, the handshake must fail.
   */
  static Optional<String> selectMuxer(List<String> initiatorMuxers, List<String> responderMuxers) {
    if (initiatorMuxers.isEmpty() || responderMuxers.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(initiatorMuxers.stream().filter(responderMuxers::contains).findFirst()
        .orElseThrow(() -> new ProtocolViolationException("no common stream muxer: the initiator offers "
            + initiatorMuxers + ", the responder " + responderMuxers)));
  }

  private <T> T guarded(java.util.function.Supplier<T> step) {
    if (failed) {
      throw new IllegalStateException("the Noise handshake already failed; close the connection");
    }
    try {
      return step.get();
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }
}
