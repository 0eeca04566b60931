package dev.samizdat.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.noise.HandshakeState.Role;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz targets for everything a remote peer controls. Under Surefire they replay the seeds in
 * src/test/resources/dev/samizdat/libp2p/noise/NoiseFuzzTestInputs/; JAZZER_FUZZ=1 fuzzes. The only
 * acceptable failure is a {@link ProtocolViolationException}.
 */
class NoiseFuzzTest {
  private static final SecureRandom KEYS = TestRandoms.seeded(99);
  private static final Ed25519PrivateKey ALICE = Ed25519PrivateKey.generate(KEYS);
  private static final Ed25519PrivateKey BOB = Ed25519PrivateKey.generate(KEYS);
  private static final X25519PrivateKey ALICE_STATIC = X25519PrivateKey.generate(KEYS);
  private static final NoiseIdentity BOB_NOISE = NoiseIdentity.generate(BOB, KEYS);

  @FuzzTest(maxDuration = "60s")
  void handshakePayloadDecoder(byte[] input) {
    HandshakePayload payload;
    try {
      payload = HandshakePayload.decode(input);
    } catch (ProtocolViolationException expected) {
      return;
    }
    HandshakePayload again = HandshakePayload.decode(payload.encode());
    assertThat(again.identityKey()).isEqualTo(payload.identityKey());
    assertThat(again.identitySignature()).isEqualTo(payload.identitySignature());
    assertThat(again.streamMuxers()).isEqualTo(payload.streamMuxers());
  }

  /**
   * Mode 0: raw bytes, in fuzzer-chosen chunks. Mode 1: a well-formed XX exchange whose third message
   * carries fuzzer-chosen payload bytes. Mode 2: a correctly signed payload offering fuzzer-chosen muxers.
   */
  @FuzzTest(maxDuration = "60s")
  void responderHandshakeMessages(FuzzedDataProvider data) {
    var random = TestRandoms.seeded(5);
    var responder = NoiseHandshake.responder(BOB_NOISE, random);
    int mode = data.consumeInt(0, 2);
    try {
      if (mode == 0) {
        int chunk = data.consumeInt(1, 200);
        byte[] raw = data.consumeRemainingAsBytes();
        for (int at = 0; at < raw.length && !responder.isComplete(); at += chunk) {
          responder.onReceived(ByteBuffer.wrap(raw, at, Math.min(chunk, raw.length - at)));
        }
        assertThat(responder.isComplete()).isFalse();
        return;
      }
      var initiator = new HandshakeState(Role.INITIATOR, new byte[0], ALICE_STATIC, X25519PrivateKey.generate(random));
      byte[] message2 = responder.onReceived(ByteBuffer.wrap(NoiseFrames.frame(initiator.writeMessage(new byte[0]))));
      initiator.readMessage(Arrays.copyOfRange(message2, Noise.LENGTH_PREFIX_LENGTH, message2.length));
      byte[] payload;
      if (mode == 1) {
        payload = data.consumeBytes(60_000);
      } else {
        List<String> muxers = new ArrayList<>();
        int count = data.consumeInt(0, 4);
        for (int i = 0; i < count; i++) {
          muxers.add(data.consumeString(300));
        }
        payload = NoiseIdentity.of(ALICE, ALICE_STATIC, muxers).payload();
      }
      responder.onReceived(ByteBuffer.wrap(NoiseFrames.frame(initiator.writeMessage(payload))));
      assertThat(responder.isComplete()).isTrue();
      assertThat(responder.session().remoteIdentity()).isEqualTo(ALICE.publicKey());
      assertThat(HandshakePayload.decode(payload).signs(ALICE_STATIC.publicKey())).isTrue();
    } catch (ProtocolViolationException expected) {
      assertThat(responder.isComplete()).isFalse();
    }
  }

  /** Frames come out the same however the stream is split; the transport rejects only by protocol violation. */
  @FuzzTest(maxDuration = "60s")
  void transportFrameDecoder(FuzzedDataProvider data) {
    int limit = data.consumeInt(0, Noise.MAX_MESSAGE_LENGTH);
    int split = data.consumeInt(0, 70_000);
    byte[] stream = data.consumeRemainingAsBytes();
    List<byte[]> whole = decodeAll(new NoiseFrameDecoder(limit), List.of(ByteBuffer.wrap(stream)));
    int at = Math.min(split, stream.length);
    List<byte[]> parts = decodeAll(new NoiseFrameDecoder(limit), List.of(ByteBuffer.wrap(stream, 0, at),
        ByteBuffer.allocateDirect(stream.length - at).put(stream, at, stream.length - at).flip()));
    if (whole == null || parts == null) {
      assertThat(whole).isEqualTo(parts);
    } else {
      assertThat(parts).containsExactlyElementsOf(whole);
    }

    byte[] key = new byte[32];
    var transport = new NoiseTransport(CipherState.withKey(key), CipherState.withKey(key));
    try {
      transport.decrypt(ByteBuffer.wrap(stream), (buffer, offset, length) -> { });
    } catch (ProtocolViolationException expected) {
      // a forged frame or a short one
    }
  }

  /** The frames, or null when the decoder rejected the stream. */
  private static List<byte[]> decodeAll(NoiseFrameDecoder decoder, List<ByteBuffer> chunks) {
    List<byte[]> frames = new ArrayList<>();
    try {
      for (ByteBuffer chunk : chunks) {
        for (ByteBuffer frame; (frame = decoder.decode(chunk)) != null; ) {
          byte[] copy = new byte[frame.remaining()];
          frame.get(copy);
          frames.add(copy);
        }
      }
    } catch (ProtocolViolationException e) {
      return null;
    }
    return frames;
  }
}
