package dev.samizdat.libp2p.noise;

import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.X25519PublicKey;
import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A Noise HandshakeState (Noise §5.3) for the XX pattern with 25519, ChaChaPoly and SHA-256:
 *
 * <pre>
 *   XX:
 *     -> e
 *     <- e, ee, s, es
 *     -> s, se
 * </pre>
 *
 * Both key pairs are injected (the ephemeral one too, so the published vectors can be replayed). The
 * parties alternate {@link #writeMessage} and {@link #readMessage}, the initiator first; after the
 * third message {@link #split()} gives the transport ciphers. Any failure leaves the state unusable,
 * as Noise requires. Not thread-safe.
 */
final class HandshakeState {
  enum Role { INITIATOR, RESPONDER }

  private enum Token { E, S, EE, ES, SE }

  private static final Token[][] XX = {
      {Token.E},
      {Token.E, Token.EE, Token.S, Token.ES},
      {Token.S, Token.SE},
  };

  private final Role role;
  private final SymmetricState symmetric = new SymmetricState(Noise.PROTOCOL_NAME);
  private final X25519PrivateKey s;
  private final X25519PrivateKey e;
  private X25519PublicKey rs;
  private X25519PublicKey re;
  private int messageIndex;
  private boolean failed;
  private boolean split;

  HandshakeState(Role role, byte[] prologue, X25519PrivateKey localStatic, X25519PrivateKey localEphemeral) {
    this.role = role;
    this.s = localStatic;
    this.e = localEphemeral;
    symmetric.mixHash(prologue);
  }

  Role role() {
    return role;
  }

  boolean isComplete() {
    return messageIndex == XX.length;
  }

  /** True when the next step is {@link #writeMessage}, false when it is {@link #readMessage}. */
  boolean isMyTurn() {
    return !isComplete() && (messageIndex % 2 == 0) == (role == Role.INITIATOR);
  }

  /** The remote static key, once a message carrying it has been read. */
  X25519PublicKey remoteStatic() {
    return rs;
  }

  byte[] handshakeHash() {
    return symmetric.handshakeHash();
  }

  /**
   * Noise WriteMessage: the next handshake message carrying {@code payload}.
   *
   * @throws Libp2pException when the message would exceed {@link Noise#MAX_MESSAGE_LENGTH}
   */
  byte[] writeMessage(byte[] payload) {
    checkUsable();
    if (!isMyTurn()) {
      throw new IllegalStateException("not this party's turn to write a handshake message");
    }
    try {
      var out = new ByteArrayOutputStream(96 + payload.length);
      for (Token token : XX[messageIndex]) {
        switch (token) {
          case E -> {
            byte[] pub = e.publicKey().toBytes();
            out.writeBytes(pub);
            symmetric.mixHash(pub);
          }
          case S -> out.writeBytes(symmetric.encryptAndHash(s.publicKey().toBytes()));
          default -> mixDh(token);
        }
      }
      out.writeBytes(symmetric.encryptAndHash(payload));
      if (out.size() > Noise.MAX_MESSAGE_LENGTH) {
        throw new Libp2pException("Noise handshake message of " + out.size() + " bytes exceeds "
            + Noise.MAX_MESSAGE_LENGTH + "; the payload is too large");
      }
      messageIndex++;
      return out.toByteArray();
    } catch (RuntimeException ex) {
      failed = true;
      throw ex;
    }
  }

  /**
   * Noise ReadMessage: checks and consumes the next handshake message, returning its payload.
   *
   * @throws ProtocolViolationException when the message is oversized, truncated or fails authentication
   */
  byte[] readMessage(byte[] message) {
    checkUsable();
    if (isMyTurn() || isComplete()) {
      throw new IllegalStateException("not this party's turn to read a handshake message");
    }
    try {
      if (message.length > Noise.MAX_MESSAGE_LENGTH) {
        throw new ProtocolViolationException("Noise handshake message of " + message.length
            + " bytes exceeds " + Noise.MAX_MESSAGE_LENGTH);
      }
      int pos = 0;
      for (Token token : XX[messageIndex]) {
        switch (token) {
          case E -> {
            requireRemaining(message, pos, Noise.DH_LENGTH, "ephemeral key");
            re = X25519PublicKey.fromBytes(Arrays.copyOfRange(message, pos, pos + Noise.DH_LENGTH));
            symmetric.mixHash(message, pos, Noise.DH_LENGTH);
            pos += Noise.DH_LENGTH;
          }
          case S -> {
            int length = Noise.DH_LENGTH + (symmetric.hasKey() ? Noise.TAG_LENGTH : 0);
            requireRemaining(message, pos, length, "static key");
            rs = X25519PublicKey.fromBytes(symmetric.decryptAndHash(message, pos, length));
            pos += length;
          }
          default -> mixDh(token);
        }
      }
      if (symmetric.hasKey()) {
        requireRemaining(message, pos, Noise.TAG_LENGTH, "payload tag");
      }
      byte[] payload = symmetric.decryptAndHash(message, pos, message.length - pos);
      messageIndex++;
      return payload;
    } catch (RuntimeException ex) {
      failed = true;
      throw ex;
    }
  }

  /**
   * Noise Split, once the handshake is complete: {@code [send, receive]} for this party. May be called
   * once; the chaining key is wiped.
   */
  CipherState[] split() {
    checkUsable();
    if (!isComplete() || split) {
      throw new IllegalStateException(split ? "the handshake was already split" : "the handshake is not complete");
    }
    split = true;
    CipherState[] pair = symmetric.split();
    return role == Role.INITIATOR ? pair : new CipherState[] {pair[1], pair[0]};
  }

  /** ee, es, se per Noise §7: for es and se the initiator's side of the DH is named first. */
  private void mixDh(Token token) {
    boolean initiator = role == Role.INITIATOR;
    byte[] shared;
    try {
      shared = switch (token) {
        case EE -> e.agree(re);
        case ES -> initiator ? e.agree(rs) : s.agree(re);
        case SE -> initiator ? s.agree(re) : e.agree(rs);
        default -> throw new IllegalStateException("not a DH token: " + token);
      };
    } catch (AuthenticationException ex) {
      throw new ProtocolViolationException("remote Noise key is of low order: no shared secret", ex);
    }
    symmetric.mixKey(shared);
    Arrays.fill(shared, (byte) 0);
  }

  private void checkUsable() {
    if (failed) {
      throw new IllegalStateException("the Noise handshake already failed and cannot continue");
    }
  }

  private static void requireRemaining(byte[] message, int pos, int needed, String what) {
    if (message.length - pos < needed) {
      throw new ProtocolViolationException("Noise handshake message of " + message.length
          + " bytes is too short for its " + what);
    }
  }
}
