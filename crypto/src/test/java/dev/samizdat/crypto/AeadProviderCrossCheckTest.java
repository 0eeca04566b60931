package dev.samizdat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Conscrypt, the JDK and Bouncy Castle compute the same function, reject the same forgeries, and clean up alike. */
class AeadProviderCrossCheckTest {
  private static final int TAG = AeadAlgorithm.TAG_LENGTH;
  private static final int[] LENGTHS = {0, 1, 15, 16, 17, 100, 1000, 65535, 65536, 65536 + 17};

  private final Random random = new Random(0x5a3d12L); // reproducible inputs; not key material in production

  private static List<AeadProvider> providers() {
    return AeadVectorsTest.providers();
  }

  private byte[] bytes(int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  private List<AeadCipher> ciphers(AeadAlgorithm algorithm, SymmetricKey key) {
    List<AeadCipher> ciphers = new ArrayList<>();
    for (AeadProvider provider : providers()) {
      ciphers.add(Aead.create(algorithm, key, provider));
    }
    return ciphers;
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void conscryptLoadsOnLinux() {
    assertThat(AeadProvider.CONSCRYPT.isAvailable()).isTrue();
    assertThat(providers()).containsExactly(AeadProvider.values());
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void oneMessageCiphersSharingAThreadsCipherObjectMatchTheOrdinaryOnes(AeadAlgorithm algorithm) {
    for (AeadProvider provider : providers()) {
      for (int i = 0; i < 20; i++) {
        SymmetricKey key = SymmetricKey.fromBytes(bytes(32));
        byte[] nonce = bytes(12);
        byte[] aad = bytes(i);
        byte[] plaintext = bytes(100 * i);
        byte[] sealed = Aead.createForOneMessage(algorithm, key, provider).seal(nonce, aad, plaintext);
        assertThat(sealed).isEqualTo(Aead.create(algorithm, key, AeadProvider.BOUNCY_CASTLE).seal(nonce, aad, plaintext));
        byte[] forged = sealed.clone();
        forged[0] ^= 1;
        assertThatThrownBy(() -> Aead.createForOneMessage(algorithm, key, provider).open(nonce, aad, forged))
            .isInstanceOf(AuthenticationException.class);
        // A failed open leaves the shared cipher object usable, and the same message opens twice.
        assertThat(Aead.createForOneMessage(algorithm, key, provider).open(nonce, aad, sealed)).isEqualTo(plaintext);
        assertThat(Aead.createForOneMessage(algorithm, key, provider).open(nonce, aad, sealed)).isEqualTo(plaintext);
        // Two one-message ciphers of one key (fixed randomness does that) both seal, alike.
        assertThat(Aead.createForOneMessage(algorithm, key, provider).seal(nonce, aad, plaintext)).isEqualTo(sealed);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void byteBufferSealAndOpenMatchTheArrayFormsForDirectAndHeapBuffers(AeadAlgorithm algorithm) {
    for (int length : LENGTHS) {
      for (boolean direct : new boolean[] {true, false}) {
        SymmetricKey key = SymmetricKey.fromBytes(bytes(32));
        byte[] nonce = bytes(12);
        byte[] aad = bytes(13);
        byte[] plaintext = bytes(length);
        byte[] expected = Aead.create(algorithm, key, AeadProvider.BOUNCY_CASTLE).seal(nonce, aad, plaintext);
        for (AeadProvider provider : providers()) {
          AeadCipher cipher = Aead.create(algorithm, key, provider);
          ByteBuffer in = buffer(direct, length + 3).put(plaintext).flip();
          ByteBuffer sealed = buffer(direct, length + TAG + 5);
          sealed.position(2);
          assertThat(cipher.seal(nonce, aad, in, sealed)).as("%s %d", provider, length).isEqualTo(length + TAG);
          assertThat(in.hasRemaining()).isFalse();
          assertThat(sealed.position()).isEqualTo(2 + length + TAG);
          sealed.flip().position(2);
          assertThat(contents(sealed.duplicate())).as("%s seals %d bytes", provider, length).isEqualTo(expected);

          ByteBuffer opened = buffer(direct, length + 7);
          opened.position(1);
          assertThat(cipher.open(nonce, aad, sealed, opened)).isEqualTo(length);
          assertThat(sealed.hasRemaining()).isFalse();
          opened.flip().position(1);
          assertThat(contents(opened)).isEqualTo(plaintext);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void byteBufferOpenOfAForgeryMovesNothingAndZeroesOnlyThePlaintextRange(AeadAlgorithm algorithm) {
    SymmetricKey key = SymmetricKey.fromBytes(bytes(32));
    byte[] nonce = bytes(12);
    byte[] forged = Aead.create(algorithm, key, AeadProvider.BOUNCY_CASTLE).seal(nonce, null, bytes(1000));
    forged[forged.length - 1] ^= 1;
    for (AeadProvider provider : providers()) {
      for (boolean direct : new boolean[] {true, false}) {
        ByteBuffer in = buffer(direct, forged.length).put(forged).flip();
        ByteBuffer out = buffer(direct, 1100);
        while (out.hasRemaining()) {
          out.put((byte) 0x55);
        }
        out.position(10);
        AeadCipher cipher = Aead.create(algorithm, key, provider);
        assertThatThrownBy(() -> cipher.open(nonce, null, in, out)).isInstanceOf(AuthenticationException.class);
        assertThat(in.position()).isZero();
        assertThat(out.position()).isEqualTo(10);
        for (int i = 0; i < out.capacity(); i++) {
          assertThat(out.get(i)).as("%s byte %d", provider, i).isEqualTo(i >= 10 && i < 1010 ? (byte) 0 : (byte) 0x55);
        }
      }
    }
  }

  private static ByteBuffer buffer(boolean direct, int capacity) {
    return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
  }

  private static byte[] contents(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void everyProviderProducesTheSameBytesAndOpensTheOthers(AeadAlgorithm algorithm) {
    for (int length : LENGTHS) {
      for (int aadLength : new int[] {0, 13, 1000}) {
        SymmetricKey key = SymmetricKey.fromBytes(bytes(32));
        byte[] nonce = bytes(12);
        byte[] aad = bytes(aadLength);
        byte[] plaintext = bytes(length);
        byte[] expected = Aead.create(algorithm, key, AeadProvider.BOUNCY_CASTLE).seal(nonce, aad, plaintext);
        assertThat(expected).hasSize(length + TAG);
        for (AeadCipher cipher : ciphers(algorithm, key)) {
          String what = cipher.provider() + " length " + length + " aad " + aadLength;
          assertThat(cipher.seal(nonce, aad, plaintext)).as(what).isEqualTo(expected);
          assertThat(cipher.open(nonce, aad, expected)).as(what).isEqualTo(plaintext);
        }
      }
    }
  }

  /** Every bit of ciphertext and tag, of the associated data and of the nonce is covered by the tag. */
  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void everyProviderRejectsAFlippedBitAnywhere(AeadAlgorithm algorithm) {
    SymmetricKey key = SymmetricKey.fromBytes(bytes(32));
    byte[] nonce = bytes(12);
    byte[] aad = bytes(7);
    byte[] sealed = Aead.create(algorithm, key, AeadProvider.BOUNCY_CASTLE).seal(nonce, aad, bytes(21));
    for (AeadCipher cipher : ciphers(algorithm, key)) {
      for (int bit = 0; bit < sealed.length * 8; bit++) {
        assertRejected(cipher, nonce, aad, flip(sealed, bit));
      }
      for (int bit = 0; bit < aad.length * 8; bit++) {
        assertRejected(cipher, nonce, flip(aad, bit), sealed);
      }
      for (int bit = 0; bit < nonce.length * 8; bit++) {
        assertRejected(cipher, flip(nonce, bit), aad, sealed);
      }
      assertRejected(cipher, nonce, aad, Arrays.copyOf(sealed, sealed.length - 1));
      assertRejected(cipher, nonce, aad, Arrays.copyOf(sealed, TAG - 1));
      // still works after all those failures
      assertThat(cipher.open(nonce, aad, sealed)).hasSize(21);
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void everyProviderRejectsFlippedBitsInALargeMessage(AeadAlgorithm algorithm) {
    SymmetricKey key = SymmetricKey.fromBytes(bytes(32));
    byte[] nonce = bytes(12);
    byte[] sealed = Aead.create(algorithm, key, AeadProvider.BOUNCY_CASTLE).seal(nonce, new byte[0], bytes(65536));
    for (AeadCipher cipher : ciphers(algorithm, key)) {
      for (int i = 0; i < 16; i++) {
        assertRejected(cipher, nonce, new byte[0], flip(sealed, random.nextInt(sealed.length * 8)));
      }
    }
  }

  static Stream<Arguments> algorithmsAndProviders() {
    return Arrays.stream(AeadAlgorithm.values())
        .flatMap(a -> providers().stream().map(p -> Arguments.of(a, p)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("algorithmsAndProviders")
  void offsetVariantsWorkOutOfPlaceAndInPlace(AeadAlgorithm algorithm, AeadProvider provider) {
    SymmetricKey key = SymmetricKey.fromBytes(bytes(32));
    AeadCipher cipher;
    for (int length : new int[] {0, 1, 100, 65536}) {
      cipher = Aead.create(algorithm, key, provider);
      byte[] nonce = bytes(12);
      byte[] aad = bytes(5);
      byte[] plaintext = bytes(length);
      byte[] expected = Aead.create(algorithm, key, AeadProvider.BOUNCY_CASTLE).seal(nonce, aad, plaintext);

      // out of place, both at odd offsets inside larger buffers
      byte[] in = new byte[length + 40];
      System.arraycopy(plaintext, 0, in, 7, length);
      byte[] out = new byte[length + TAG + 40];
      Arrays.fill(out, (byte) 0x77);
      assertThat(cipher.seal(nonce, aad, in, 7, length, out, 11)).isEqualTo(length + TAG);
      assertThat(Arrays.copyOfRange(out, 11, 11 + length + TAG)).isEqualTo(expected);
      assertUntouched(out, 0, 11);
      assertUntouched(out, 11 + length + TAG, out.length);

      byte[] opened = new byte[length + 20];
      Arrays.fill(opened, (byte) 0x77);
      assertThat(cipher.open(nonce, aad, out, 11, length + TAG, opened, 3)).isEqualTo(length);
      assertThat(Arrays.copyOfRange(opened, 3, 3 + length)).isEqualTo(plaintext);
      assertUntouched(opened, 0, 3);
      assertUntouched(opened, 3 + length, opened.length);

      // in place: one buffer, same offset, room for the tag (a second cipher: sealing twice with one nonce is refused)
      cipher = Aead.create(algorithm, key, provider);
      byte[] buffer = new byte[length + TAG + 9];
      System.arraycopy(plaintext, 0, buffer, 9, length);
      assertThat(cipher.seal(nonce, aad, buffer, 9, length, buffer, 9)).isEqualTo(length + TAG);
      assertThat(Arrays.copyOfRange(buffer, 9, buffer.length)).isEqualTo(expected);
      assertThat(cipher.open(nonce, aad, buffer, 9, length + TAG, buffer, 9)).isEqualTo(length);
      assertThat(Arrays.copyOfRange(buffer, 9, 9 + length)).isEqualTo(plaintext);
    }
  }

  /** On a forgery no unauthenticated plaintext may stay in the caller's buffer; the rest stays untouched. */
  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("algorithmsAndProviders")
  void failedOpenLeavesNoPlaintextInTheOutputBuffer(AeadAlgorithm algorithm, AeadProvider provider) {
    SymmetricKey key = SymmetricKey.fromBytes(bytes(32));
    AeadCipher cipher = Aead.create(algorithm, key, provider);
    for (int length : new int[] {1, 100, 65536}) {
      byte[] nonce = bytes(12);
      byte[] sealed = cipher.seal(nonce, null, bytes(length));
      sealed[sealed.length - 1] ^= 1;

      byte[] out = new byte[length + 10];
      Arrays.fill(out, (byte) 0x77);
      assertThatThrownBy(() -> cipher.open(nonce, null, sealed, 0, sealed.length, out, 5))
          .isInstanceOf(AuthenticationException.class);
      assertThat(Arrays.copyOfRange(out, 5, 5 + length)).containsOnly(0);
      assertUntouched(out, 0, 5);
      assertUntouched(out, 5 + length, out.length);

      byte[] inPlace = sealed.clone();
      assertThatThrownBy(() -> cipher.open(nonce, null, inPlace, 0, inPlace.length, inPlace, 0))
          .isInstanceOf(AuthenticationException.class);
      assertThat(Arrays.copyOfRange(inPlace, 0, length)).containsOnly(0);

      // in place inside a larger buffer: what follows the message survives
      byte[] framed = new byte[3 + sealed.length + 4];
      Arrays.fill(framed, (byte) 0x77);
      System.arraycopy(sealed, 0, framed, 3, sealed.length);
      assertThatThrownBy(() -> cipher.open(nonce, null, framed, 3, sealed.length, framed, 3))
          .isInstanceOf(AuthenticationException.class);
      assertThat(Arrays.copyOfRange(framed, 3, 3 + length)).containsOnly(0);
      assertUntouched(framed, 0, 3);
      assertUntouched(framed, 3 + sealed.length, framed.length);
    }
  }

  /**
   * Sealing twice in a row with one nonce is refused on every provider; opening with a repeated nonce, or
   * sealing with the nonce of an earlier open, works on every provider (SunJCE and Bouncy Castle alone
   * would refuse some of these).
   */
  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("algorithmsAndProviders")
  void aRepeatedNonceBehavesTheSameOnEveryProvider(AeadAlgorithm algorithm, AeadProvider provider) {
    SymmetricKey key = SymmetricKey.fromBytes(bytes(32));
    AeadCipher cipher = Aead.create(algorithm, key, provider);
    byte[] nonce = bytes(12);
    byte[] other = bytes(12);
    byte[] plaintext = bytes(50);
    byte[] sealed = cipher.seal(nonce, null, plaintext);
    assertThatThrownBy(() -> cipher.seal(nonce, null, plaintext))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("nonce reuse");
    assertThat(cipher.open(nonce, null, sealed)).isEqualTo(plaintext);
    assertThat(cipher.open(nonce, null, sealed)).isEqualTo(plaintext);
    assertThat(cipher.seal(other, null, plaintext)).hasSize(50 + TAG);

    AeadCipher receiver = Aead.create(algorithm, key, provider);
    assertThat(receiver.open(nonce, null, sealed)).isEqualTo(plaintext);
    assertThat(receiver.seal(nonce, null, plaintext)).isEqualTo(sealed);
    assertThat(receiver.open(nonce, null, sealed)).isEqualTo(plaintext);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("algorithmsAndProviders")
  void badArgumentsAreRejectedBeforeAnyWork(AeadAlgorithm algorithm, AeadProvider provider) {
    AeadCipher cipher = Aead.create(algorithm, SymmetricKey.fromBytes(bytes(32)), provider);
    assertThatThrownBy(() -> cipher.seal(new byte[11], null, new byte[1]))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> cipher.seal(new byte[12], null, new byte[10], 0, 10, new byte[25], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cipher.open(new byte[12], null, new byte[20], 5, 16, new byte[0], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cipher.open(new byte[12], null, new byte[15]))
        .isInstanceOf(AuthenticationException.class);
  }

  private static void assertRejected(AeadCipher cipher, byte[] nonce, byte[] aad, byte[] sealed) {
    assertThatThrownBy(() -> cipher.open(nonce, aad, sealed))
        .as(cipher.provider().toString())
        .isInstanceOf(AuthenticationException.class);
  }

  private static void assertUntouched(byte[] buffer, int from, int to) {
    for (int i = from; i < to; i++) {
      assertThat(buffer[i]).as("byte %d outside the output range", i).isEqualTo((byte) 0x77);
    }
  }

  private static byte[] flip(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }
}
