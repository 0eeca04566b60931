package dev.samizdat.libp2p.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.Libp2pKeys;
import dev.samizdat.crypto.X25519PublicKey;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.noise.proto.NoiseProtos;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The libp2p Noise handshake payload (libp2p noise spec, "The libp2p Handshake Payload"): the sender's
 * identity key, its signature over {@code "noise-libp2p-static-key:" ‖ Noise static key}, and the
 * extensions — the stream muxers it supports (inlined muxer negotiation) and WebTransport certificate
 * hashes. A pure codec.
 */
record HandshakePayload(
    Ed25519PublicKey identityKey,
    byte[] identitySignature,
    List<String> streamMuxers,
    List<byte[]> webtransportCerthashes) {

  /** The signed data is this prefix followed by the 32-byte static key (RFC 7748 §5 encoding). */
  static final byte[] STATIC_KEY_SIGNATURE_PREFIX =
      "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);

  /** Implementations list one or two muxers; the bound keeps a peer from making us hold many strings. */
  static final int MAX_STREAM_MUXERS = 32;

  /** Protocol ids are short paths such as "/yamux/1.0.0"; anything longer is not one. */
  static final int MAX_PROTOCOL_ID_LENGTH = 256;

  /** A WebTransport server lists a certificate hash or two (spec: webtransport/README.md). */
  static final int MAX_CERTHASHES = 16;

  HandshakePayload {
    streamMuxers = List.copyOf(streamMuxers);
    webtransportCerthashes = List.copyOf(webtransportCerthashes);
  }

  static byte[] signedData(X25519PublicKey staticKey) {
    return Bytes.concat(STATIC_KEY_SIGNATURE_PREFIX, staticKey.toBytes());
  }

  /** Whether the identity key signed {@code staticKey}, the static key this payload came with. */
  boolean signs(X25519PublicKey staticKey) {
    return identityKey.verify(signedData(staticKey), identitySignature);
  }

  byte[] encode() {
    var extensions = NoiseProtos.NoiseExtensions.newBuilder().addAllStreamMuxers(streamMuxers);
    for (byte[] hash : webtransportCerthashes) {
      extensions.addWebtransportCerthashes(ByteString.copyFrom(hash));
    }
    return NoiseProtos.NoiseHandshakePayload.newBuilder()
        .setIdentityKey(ByteString.copyFrom(Libp2pKeys.encodePublicKey(identityKey)))
        .setIdentitySig(ByteString.copyFrom(identitySignature))
        .setExtensions(extensions)
        .build()
        .toByteArray();
  }

  /**
   * Decodes a payload received in handshake message 2 or 3. The signature is not checked here: that
   * needs the static key, see {@link #signs}.
   *
   * @throws ProtocolViolationException when the bytes are not a well-formed payload with an Ed25519
   *     identity key and a 64-byte signature, or exceed a limit above
   */
  static HandshakePayload decode(byte[] bytes) {
    if (bytes.length > Noise.MAX_MESSAGE_LENGTH) {
      throw new ProtocolViolationException("Noise handshake payload of " + bytes.length + " bytes is too long");
    }
    NoiseProtos.NoiseHandshakePayload proto;
    try {
      proto = NoiseProtos.NoiseHandshakePayload.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolViolationException("Noise handshake payload is not a valid protobuf: " + e.getMessage());
    }
    if (!proto.hasIdentityKey() || !proto.hasIdentitySig()) {
      throw new ProtocolViolationException("Noise handshake payload lacks the identity key or its signature");
    }
    Ed25519PublicKey identityKey;
    try {
      identityKey = Libp2pKeys.decodePublicKey(proto.getIdentityKey().toByteArray());
    } catch (CryptoException e) {
      throw new ProtocolViolationException("Noise handshake identity key is not usable: " + e.getMessage(), e);
    }
    if (proto.getIdentitySig().size() != Ed25519PublicKey.SIGNATURE_LENGTH) {
      throw new ProtocolViolationException("Noise handshake identity signature must be "
          + Ed25519PublicKey.SIGNATURE_LENGTH + " bytes, got " + proto.getIdentitySig().size());
    }
    NoiseProtos.NoiseExtensions extensions = proto.getExtensions();
    if (extensions.getStreamMuxersCount() > MAX_STREAM_MUXERS
        || extensions.getWebtransportCerthashesCount() > MAX_CERTHASHES) {
      throw new ProtocolViolationException("Noise handshake extensions list too many entries");
    }
    for (String muxer : extensions.getStreamMuxersList()) {
      if (muxer.isEmpty() || muxer.length() > MAX_PROTOCOL_ID_LENGTH) {
        throw new ProtocolViolationException("Noise handshake lists a stream muxer id of "
            + muxer.length() + " characters");
      }
    }
    return new HandshakePayload(identityKey, proto.getIdentitySig().toByteArray(),
        extensions.getStreamMuxersList(),
        extensions.getWebtransportCerthashesList().stream().map(ByteString::toByteArray).toList());
  }
}
