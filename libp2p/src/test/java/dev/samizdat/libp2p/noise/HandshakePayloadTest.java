package dev.samizdat.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Libp2pKeys;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.noise.proto.NoiseProtos;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakePayloadTest {
  private final SecureRandom random = TestRandoms.seeded(3);
  private final Ed25519PrivateKey identity = Ed25519PrivateKey.generate(random);
  private final X25519PrivateKey staticKey = X25519PrivateKey.generate(random);

  @Test
  void decodesTheWireBytesOfTheSpecsSchemaWrittenByHand() {
    byte[] key = Libp2pKeys.encodePublicKey(identity.publicKey());
    byte[] signature = identity.sign(HandshakePayload.signedData(staticKey.publicKey()));
    byte[] muxer = "/yamux/1.0.0".getBytes(StandardCharsets.US_ASCII);
    // field 1 (identity_key), field 2 (identity_sig), field 4 (extensions { field 2: stream_muxers })
    byte[] extensions = Bytes.concat(new byte[] {0x12, (byte) muxer.length}, muxer);
    byte[] wire = Bytes.concat(
        new byte[] {0x0a, (byte) key.length}, key,
        new byte[] {0x12, 64}, signature,
        new byte[] {0x22, (byte) extensions.length}, extensions);

    HandshakePayload payload = HandshakePayload.decode(wire);

    assertThat(payload.identityKey()).isEqualTo(identity.publicKey());
    assertThat(payload.streamMuxers()).containsExactly("/yamux/1.0.0");
    assertThat(payload.signs(staticKey.publicKey())).isTrue();
    assertThat(payload.signs(X25519PrivateKey.generate(random).publicKey())).isFalse();
    assertThat(wire).isEqualTo(payload.encode());
  }

  @Test
  void signsThePrefixedStaticKeyWithTheRawIdentityKey() {
    byte[] expected = Bytes.concat("noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8),
        staticKey.publicKey().toBytes());
    assertThat(HandshakePayload.signedData(staticKey.publicKey())).isEqualTo(expected);
    var local = NoiseIdentity.of(identity, staticKey, List.of("/yamux/1.0.0"));
    HandshakePayload payload = HandshakePayload.decode(local.payload());
    assertThat(identity.publicKey().verify(expected, payload.identitySignature())).isTrue();
  }

  @Test
  void decodesAPayloadWithoutExtensions() {
    byte[] wire = NoiseProtos.NoiseHandshakePayload.newBuilder()
        .setIdentityKey(ByteString.copyFrom(Libp2pKeys.encodePublicKey(identity.publicKey())))
        .setIdentitySig(ByteString.copyFrom(new byte[64]))
        .build().toByteArray();
    assertThat(HandshakePayload.decode(wire).streamMuxers()).isEmpty();
  }

  @Test
  void rejectsAPayloadWithoutSignature() {
    byte[] wire = NoiseProtos.NoiseHandshakePayload.newBuilder()
        .setIdentityKey(ByteString.copyFrom(Libp2pKeys.encodePublicKey(identity.publicKey())))
        .build().toByteArray();
    assertThatThrownBy(() -> HandshakePayload.decode(wire))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("lacks");
  }

  @Test
  void rejectsASignatureOfTheWrongLength() {
    byte[] wire = payloadBuilder().setIdentitySig(ByteString.copyFrom(new byte[63])).build().toByteArray();
    assertThatThrownBy(() -> HandshakePayload.decode(wire))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("63");
  }

  @Test
  void rejectsIdentityKeysOtherThanEd25519() {
    // A secp256k1 PublicKey message (Type = 2) with a 33-byte compressed point.
    byte[] secp256k1 = Bytes.concat(new byte[] {0x08, 0x02, 0x12, 33}, new byte[33]);
    byte[] wire = payloadBuilder().setIdentityKey(ByteString.copyFrom(secp256k1)).build().toByteArray();
    assertThatThrownBy(() -> HandshakePayload.decode(wire))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("identity key");
  }

  @Test
  void rejectsTooManyMuxers() {
    var extensions = NoiseProtos.NoiseExtensions.newBuilder()
        .addAllStreamMuxers(Collections.nCopies(HandshakePayload.MAX_STREAM_MUXERS + 1, "/yamux/1.0.0"));
    byte[] wire = payloadBuilder().setExtensions(extensions).build().toByteArray();
    assertThatThrownBy(() -> HandshakePayload.decode(wire))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("too many");
  }

  @Test
  void rejectsBytesThatAreNotAProtobuf() {
    assertThatThrownBy(() -> HandshakePayload.decode(new byte[] {0x0a, 0x50, 1}))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("protobuf");
  }

  private NoiseProtos.NoiseHandshakePayload.Builder payloadBuilder() {
    return NoiseProtos.NoiseHandshakePayload.newBuilder()
        .setIdentityKey(ByteString.copyFrom(Libp2pKeys.encodePublicKey(identity.publicKey())))
        .setIdentitySig(ByteString.copyFrom(identity.sign(HandshakePayload.signedData(staticKey.publicKey()))));
  }
}
