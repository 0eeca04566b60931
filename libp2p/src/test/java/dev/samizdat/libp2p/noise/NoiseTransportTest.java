package dev.samizdat.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Aead;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.SymmetricKey;
import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class NoiseTransportTest {
  private final SecureRandom random = TestRandoms.seeded(7);
  private final byte[] k1 = randomBytes(32);
  private final byte[] k2 = randomBytes(32);
  private final NoiseTransport alice = new NoiseTransport(CipherState.withKey(k1), CipherState.withKey(k2));
  private final NoiseTransport bob = new NoiseTransport(CipherState.withKey(k2), CipherState.withKey(k1));

  @Test
  void roundTripsWhereverTheCiphertextIsSplit() {
    byte[][] messages = {randomBytes(1), randomBytes(100), randomBytes(1000), randomBytes(3)};
    var wire = new ByteArrayOutputStream();
    for (byte[] message : messages) {
      wire.writeBytes(alice.encrypt(message));
    }
    byte[] stream = wire.toByteArray();
    byte[] expected = Bytes.concat(messages);

    for (int split = 0; split <= stream.length; split++) {
      var receiver = new NoiseTransport(CipherState.withKey(k2), CipherState.withKey(k1));
      var received = new ByteArrayOutputStream();
      int count = receiver.decrypt(ByteBuffer.wrap(stream, 0, split), received::write)
          + receiver.decrypt(ByteBuffer.wrap(stream, split, stream.length - split), received::write);
      assertThat(count).as("split at %d", split).isEqualTo(messages.length);
      assertThat(received.toByteArray()).as("split at %d", split).isEqualTo(expected);
    }
  }

  @Test
  void directBuffersRoundTripWhereverTheCiphertextIsSplitAndMatchTheArrayForm() {
    byte[][] messages = {randomBytes(1), randomBytes(70_000), randomBytes(3)};
    ByteBuffer plaintext = ByteBuffer.allocateDirect(70_004);
    ByteBuffer wire = ByteBuffer.allocateDirect(
        NoiseTransport.encryptedLength(1) + NoiseTransport.encryptedLength(70_000) + NoiseTransport.encryptedLength(3));
    for (byte[] message : messages) {
      plaintext.clear().put(message).flip();
      alice.encrypt(plaintext, wire);
      assertThat(plaintext.hasRemaining()).isFalse();
    }
    byte[] stream = new byte[wire.flip().remaining()];
    wire.duplicate().get(stream);
    var arraySender = new NoiseTransport(CipherState.withKey(k1), CipherState.withKey(k2));
    assertThat(stream).isEqualTo(Bytes.concat(arraySender.encrypt(messages[0]), arraySender.encrypt(messages[1]),
        arraySender.encrypt(messages[2])));

    byte[] expected = Bytes.concat(messages);
    ByteBuffer scratch = ByteBuffer.allocateDirect(Noise.MAX_PLAINTEXT_LENGTH);
    for (int split = 0; split <= stream.length; split += split < 40 || stream.length - split < 40 ? 1 : 997) {
      var receiver = new NoiseTransport(CipherState.withKey(k2), CipherState.withKey(k1));
      var received = new ByteArrayOutputStream();
      NoiseTransport.BufferSink sink = b -> {
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        received.writeBytes(chunk);
      };
      int count = receiver.decrypt(wire.slice(0, split), scratch, sink);
      count += receiver.decrypt(wire.slice(split, stream.length - split), scratch, sink);
      assertThat(count).as("split at %d", split).isEqualTo(4);
      assertThat(received.toByteArray()).as("split at %d", split).isEqualTo(expected);
    }
  }

  @Test
  void directBufferForgeryIsAProtocolViolationAndTheReceiverStaysFailed() {
    byte[] wire = alice.encrypt(randomBytes(50));
    wire[10] ^= 1;
    ByteBuffer in = ByteBuffer.allocateDirect(wire.length).put(wire).flip();
    ByteBuffer scratch = ByteBuffer.allocateDirect(Noise.MAX_PLAINTEXT_LENGTH);
    assertThatThrownBy(() -> bob.decrypt(in, scratch, b -> { })).isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> bob.decrypt(ByteBuffer.allocateDirect(0), scratch, b -> { }))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void splitsLargeWritesIntoFramesOfAtMost65519PlaintextBytes() {
    byte[] large = randomBytes(200_000);
    byte[] wire = alice.encrypt(large);

    assertThat(wire).hasSize(NoiseTransport.encryptedLength(200_000)).hasSize(200_000 + 4 * 18);
    assertThat(((wire[0] & 0xff) << 8) | (wire[1] & 0xff)).isEqualTo(Noise.MAX_MESSAGE_LENGTH);
    var received = new ByteArrayOutputStream();
    int[] lengths = new int[4];
    int[] index = {0};
    int count = bob.decrypt(ByteBuffer.wrap(wire), (buffer, offset, length) -> {
      lengths[index[0]++] = length;
      received.write(buffer, offset, length);
    });
    assertThat(count).isEqualTo(4);
    assertThat(lengths).containsExactly(65_519, 65_519, 65_519, 200_000 - 3 * 65_519);
    assertThat(received.toByteArray()).isEqualTo(large);
  }

  @Test
  void framesExactlyAtTheLimit() {
    assertThat(NoiseTransport.encryptedLength(0)).isZero();
    assertThat(NoiseTransport.encryptedLength(65_519)).isEqualTo(65_537);
    assertThat(NoiseTransport.encryptedLength(65_520)).isEqualTo(65_520 + 36);
    assertThat(alice.encrypt(new byte[0])).isEmpty();
    assertThat(bob.decryptFrame(ByteBuffer.wrap(alice.encrypt(new byte[65_519])))).hasSize(65_519);
  }

  @Test
  void encryptsIntoTheCallersBufferAtAnOffset() {
    byte[] message = randomBytes(70_000);
    byte[] out = new byte[5 + NoiseTransport.encryptedLength(message.length)];
    int written = alice.encrypt(message, 0, message.length, out, 5);
    assertThat(written).isEqualTo(out.length - 5);
    var received = new ByteArrayOutputStream();
    bob.decrypt(ByteBuffer.wrap(out, 5, written), received::write);
    assertThat(received.toByteArray()).isEqualTo(message);
    assertThatThrownBy(() -> alice.encrypt(message, 0, message.length, new byte[100], 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void usesNoiseNoncesZeroPaddedLittleEndianCounters() {
    alice.encrypt(randomBytes(5));
    byte[] second = alice.encrypt(new byte[] {42});
    byte[] nonce1 = Bytes.fromHex("000000000100000000000000");
    byte[] expected = Aead.chaCha20Poly1305(SymmetricKey.fromBytes(k1)).seal(nonce1, new byte[0], new byte[] {42});
    assertThat(java.util.Arrays.copyOfRange(second, 2, second.length)).isEqualTo(expected);
    assertThat(alice.messagesSent()).isEqualTo(2);
  }

  @Test
  void tamperedFrameIsRejectedAndTheReceiverStopsForGood() {
    byte[] wire = alice.encrypt(randomBytes(50));
    wire[20] ^= 1;
    assertThatThrownBy(() -> bob.decryptFrame(ByteBuffer.wrap(wire)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("failed authentication");
    assertThatThrownBy(() -> bob.decryptFrame(ByteBuffer.wrap(alice.encrypt(new byte[1]))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void replayedFrameIsRejected() {
    byte[] wire = alice.encrypt(randomBytes(50));
    bob.decryptFrame(ByteBuffer.wrap(wire));
    assertThatThrownBy(() -> bob.decryptFrame(ByteBuffer.wrap(wire)))
        .isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void frameShorterThanATagIsRejected() {
    byte[] wire = NoiseFrames.frame(new byte[15]);
    assertThatThrownBy(() -> bob.decryptFrame(ByteBuffer.wrap(wire)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("shorter than its 16-byte tag");
  }

  @Test
  void refusesToReuseTheLastNonce() {
    CipherState cipher = CipherState.withKey(k1);
    cipher.setNonce(-2L); // 2^64 - 2, the last usable value
    cipher.encryptWithAd(new byte[0], new byte[1]);
    assertThatThrownBy(() -> cipher.encryptWithAd(new byte[0], new byte[1]))
        .isInstanceOf(Libp2pException.class)
        .hasMessageContaining("nonce exhausted");
  }

  private byte[] randomBytes(int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }
}
