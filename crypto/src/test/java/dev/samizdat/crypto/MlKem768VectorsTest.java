package dev.samizdat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ML-KEM-768 known answers from Wycheproof's FIPS 203 and C2SP CCTV sets: KeyGen_internal(d, z),
 * Encaps_internal(ek, m), Decaps (including implicit rejection), and the modulus check on keys.
 */
class MlKem768VectorsTest {

  /** Hands out exactly the bytes it was given, so that encapsulation uses the vector's m. */
  private static final class FixedRandom extends SecureRandom {
    private final byte[] bytes;
    private int position;

    FixedRandom(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (position + out.length > bytes.length) {
        throw new IllegalStateException("fixed random source exhausted");
      }
      System.arraycopy(bytes, position, out, 0, out.length);
      position += out.length;
    }
  }

  static Stream<VectorFile.Case> keygen() {
    return VectorFile.load("wycheproof/mlkem768_keygen.txt").stream();
  }

  @ParameterizedTest(name = "KeyGen {0}")
  @MethodSource("keygen")
  void fromSeedMatchesFips203KeyGen(VectorFile.Case vector) {
    MlKem768.PrivateKey key = MlKem768.PrivateKey.fromSeed(vector.hex("seed"));
    assertThat(Bytes.hex(key.publicKey().encoded())).isEqualTo(vector.get("ek"));
    assertThat(key.seed()).isEqualTo(vector.hex("seed"));
  }

  static Stream<VectorFile.Case> encaps() {
    return VectorFile.load("wycheproof/mlkem768_encaps.txt").stream();
  }

  /** Valid: a fixed m gives exactly c and K. Invalid: the public key is refused when it is decoded. */
  @ParameterizedTest(name = "Encaps {0}")
  @MethodSource("encaps")
  void encapsulationWithFixedRandomness(VectorFile.Case vector) {
    if (vector.result().equals("valid")) {
      MlKem768.PublicKey key = new MlKem768.PublicKey(vector.hex("ek"));
      MlKem768.Encapsulation result = MlKem768.encapsulate(key, new FixedRandom(vector.hex("m")));
      assertThat(Bytes.hex(result.ciphertext())).isEqualTo(vector.get("c"));
      assertThat(Bytes.hex(result.sharedSecret())).isEqualTo(vector.get("K"));
    } else {
      assertThatThrownBy(() -> new MlKem768.PublicKey(vector.hex("ek")))
          .as(vector.toString())
          .isInstanceOf(MalformedInputException.class);
    }
  }

  static Stream<VectorFile.Case> decaps() {
    return VectorFile.load("wycheproof/mlkem768_decaps.txt").stream();
  }

  /** Valid cases include modified ciphertexts, where implicit rejection gives the vector's K. */
  @ParameterizedTest(name = "Decaps {0}")
  @MethodSource("decaps")
  void decapsulation(VectorFile.Case vector) {
    if (vector.result().equals("valid")) {
      MlKem768.PrivateKey key = MlKem768.PrivateKey.fromSeed(vector.hex("seed"));
      assertThat(Bytes.hex(key.publicKey().encoded())).isEqualTo(vector.get("ek"));
      assertThat(Bytes.hex(key.decapsulate(vector.hex("c")))).isEqualTo(vector.get("K"));
    } else if (vector.has("c")) {
      MlKem768.PrivateKey key = MlKem768.PrivateKey.fromSeed(vector.hex("seed"));
      assertThatThrownBy(() -> key.decapsulate(vector.hex("c"))).isInstanceOf(MalformedInputException.class);
    } else {
      assertThatThrownBy(() -> MlKem768.PrivateKey.fromSeed(vector.hex("seed")))
          .isInstanceOf(MalformedInputException.class);
    }
  }

  @Test
  void selectionCoversModulusOverflowAndShortInputs() {
    assertThat(encaps().filter(v -> v.hasFlag("ModulusOverflow"))).isNotEmpty();
    assertThat(encaps().filter(v -> v.result().equals("invalid")).count()).isGreaterThanOrEqualTo(8);
    assertThat(decaps().filter(v -> v.result().equals("invalid")).count()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void randomRoundTripAgrees() {
    SecureRandom random = new FixedRandom(Hashes.sha512(new byte[] {1}));
    MlKem768.PrivateKey key = MlKem768.PrivateKey.generate(random);
    MlKem768.Encapsulation encapsulation = MlKem768.encapsulate(key.publicKey(), new FixedRandom(new byte[32]));
    assertThat(key.decapsulate(encapsulation.ciphertext())).isEqualTo(encapsulation.sharedSecret());
  }
}
