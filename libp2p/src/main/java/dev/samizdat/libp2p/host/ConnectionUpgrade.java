package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.noise.Noise;
import dev.samizdat.libp2p.noise.NoiseHandshake;
import dev.samizdat.libp2p.noise.NoiseIdentity;
import dev.samizdat.libp2p.noise.NoiseSession;
import dev.samizdat.libp2p.noise.NoiseTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import dev.samizdat.libp2p.multistream.NegotiationStep;
import java.util.function.Function;

/**
 * The upgrade of one raw connection to a secure, multiplexed one (specs: connections/README.md,
 * "Upgrading connections"), as an I/O-free state machine over wire bytes:
 *
 * <ol>
 *   <li>multistream-select {@code /noise} on the raw socket (the dialer proposes);
 *   <li>the Noise XX handshake, the dialer initiating;
 *   <li>the muxer: agreed inside the handshake when both payloads list {@code /yamux/1.0.0}
 *       (connections/inlined-muxer-negotiation.md), otherwise multistream-select {@code /yamux/1.0.0}
 *       inside the Noise channel.
 * </ol>
 *
 * Feed every received chunk to {@link #onReceived} and write what it returns. When {@link #isDone()},
 * bytes left in the last chunk are Noise transport frames for the muxer, and {@link #leftoverPlaintext()}
 * holds muxer bytes already decrypted. Any exception means the connection must be closed.
 */
final class ConnectionUpgrade {
  static final String SECURITY_PROTOCOL = Noise.PROTOCOL_ID;
  static final String MUXER_PROTOCOL = "/yamux/1.0.0";

  private enum Phase { SECURITY, NOISE, MUXER, DONE }

  private final boolean dialer;
  private final NoiseHandshake handshake;
  private final Function<String, Negotiator> dialerFactory;
  private final Function<String, Negotiator> listenerFactory;
  private Phase phase = Phase.SECURITY;
  private Negotiator negotiator;
  private NoiseSession session;
  private final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
  private byte[] leftover = new byte[0];
  private ByteBuffer remaining;

  /**
   * @param expectedRemote the identity the dialer requires, or null to accept any (listener: null)
   * @param dialerFactory makes a multistream dialer proposing the given protocol
   * @param listenerFactory makes a multistream listener accepting only the given protocol
   */
  ConnectionUpgrade(boolean dialer, NoiseIdentity identity, PeerId expectedRemote, SecureRandom random,
      Function<String, Negotiator> dialerFactory, Function<String, Negotiator> listenerFactory) {
    this.dialer = dialer;
    this.dialerFactory = dialerFactory;
    this.listenerFactory = listenerFactory;
    if (!dialer) {
      handshake = NoiseHandshake.responder(identity, random);
    } else if (expectedRemote != null) {
      handshake = NoiseHandshake.initiator(identity, expectedRemote, random);
    } else {
      handshake = NoiseHandshake.initiator(identity, random);
    }
    negotiator = dialer ? dialerFactory.apply(SECURITY_PROTOCOL) : listenerFactory.apply(SECURITY_PROTOCOL);
  }

  /** What to send first: the dialer's multistream proposal of {@code /noise}. */
  byte[] start() {
    return negotiator.start();
  }

  /**
   * Consumes received wire bytes. Returns what to send. Once {@link #isDone()}, the wire bytes not
   * yet used are in {@link #remainingInput()}.
   */
  byte[] onReceived(ByteBuffer in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer current = in;
    while (current.hasRemaining() && phase != Phase.DONE) {
      switch (phase) {
        case SECURITY -> current = security(current, out);
        case NOISE -> noise(current, out);
        case MUXER -> muxer(current, out);
        default -> throw new IllegalStateException();
      }
      if (phase == Phase.NOISE && !handshake.isComplete() && !current.hasRemaining()) {
        break;
      }
      if (phase == Phase.MUXER && !current.hasRemaining()) {
        break;
      }
    }
    remaining = current;
    return out.toByteArray();
  }

  /** Multistream on the raw socket; returns the input left for Noise. */
  private ByteBuffer security(ByteBuffer in, ByteArrayOutputStream out) {
    byte[] bytes = new byte[in.remaining()];
    in.get(bytes);
    NegotiationStep step;
    try {
      step = negotiator.receive(bytes, 0, bytes.length);
    } catch (ProtocolViolationException e) {
      // The first bytes on the socket: this is where an HTTP or SSH server, say, gives itself away.
      throw new ProtocolViolationException("the remote does not answer as a libp2p peer (multistream-select: "
          + e.getMessage() + ")", e);
    }
    out.writeBytes(step.output());
    if (step instanceof NegotiationStep.Agreed agreed) {
      phase = Phase.NOISE;
      out.writeBytes(handshake.start());
      return ByteBuffer.wrap(agreed.remainder());
    }
    if (step instanceof NegotiationStep.NoCommonProtocol none) {
      throw new Libp2pException("cannot secure the connection: " + none.reason());
    }
    return in;
  }

  private void noise(ByteBuffer in, ByteArrayOutputStream out) {
    out.writeBytes(handshake.onReceived(in));
    if (!handshake.isComplete()) {
      return;
    }
    session = handshake.session();
    if (session.negotiatedStreamMuxer().isPresent()) {
      String muxer = session.negotiatedStreamMuxer().get();
      if (!MUXER_PROTOCOL.equals(muxer)) {
        throw new ProtocolViolationException("the remote chose stream muxer " + muxer + ", which we do not speak");
      }
      phase = Phase.DONE;
      return;
    }
    phase = Phase.MUXER;
    negotiator = dialer ? dialerFactory.apply(MUXER_PROTOCOL) : listenerFactory.apply(MUXER_PROTOCOL);
    out.writeBytes(encrypt(negotiator.start()));
  }

  /** Multistream inside the Noise channel; decrypts everything available. */
  private void muxer(ByteBuffer in, ByteArrayOutputStream out) {
    plaintext.reset();
    session.transport().decrypt(in, (buf, off, len) -> plaintext.write(buf, off, len));
    byte[] clear = plaintext.toByteArray();
    NegotiationStep step = negotiator.receive(clear, 0, clear.length);
    out.writeBytes(encrypt(step.output()));
    if (step instanceof NegotiationStep.Agreed agreed) {
      leftover = agreed.remainder();
      phase = Phase.DONE;
    } else if (step instanceof NegotiationStep.NoCommonProtocol none) {
      throw new Libp2pException("no common stream muxer: " + none.reason());
    }
  }

  private byte[] encrypt(byte[] clear) {
    return clear.length == 0 ? clear : session.transport().encrypt(clear);
  }

  boolean isDone() {
    return phase == Phase.DONE;
  }

  NoiseSession session() {
    return session;
  }

  NoiseTransport transport() {
    return session.transport();
  }

  PeerId remotePeer() {
    return PeerId.fromPublicKey(session.remoteIdentity());
  }

  /** Wire bytes (Noise transport frames) received with the end of the upgrade and not used yet. */
  ByteBuffer remainingInput() {
    return remaining;
  }

  /** Muxer bytes that arrived with the end of the muxer negotiation. */
  byte[] leftoverPlaintext() {
    return leftover;
  }

  /** Whether the muxer was agreed inside the Noise handshake. */
  boolean earlyMuxer() {
    return session != null && session.negotiatedStreamMuxer().isPresent();
  }
}
