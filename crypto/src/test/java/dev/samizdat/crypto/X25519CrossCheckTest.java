package dev.samizdat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Conscrypt and Bouncy Castle compute the same X25519 function and refuse the same peer keys. */
class X25519CrossCheckTest {
  private static final int PAIRS = 1_000;

  /**
   * u-coordinates of low order (RFC 7748 §6.1; the list libsodium and Wycheproof use): 0, 1, the two
   * points of order 8, p − 1, and the non-canonical p and p + 1. Each is also tried with the ignored top
   * bit set.
   */
  private static final String[] LOW_ORDER = {
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  };

  @Test
  @EnabledOnOs(OS.LINUX)
  void conscryptLoadsOnLinuxAndIsPreferred() {
    assertThat(X25519Provider.CONSCRYPT.isAvailable()).isTrue();
    assertThat(X25519Provider.fastest()).isEqualTo(X25519Provider.CONSCRYPT);
    assertThat(X25519VectorsTest.providers()).containsExactly(X25519Provider.values());
  }

  @Test
  void randomKeyPairsAgreeAlikeOnBothProviders() {
    SecureRandom random = DeterministicRandom.seeded("x25519 cross-check");
    for (int i = 0; i < PAIRS; i++) {
      X25519PrivateKey alice = X25519PrivateKey.generate(random);
      X25519PrivateKey bob = X25519PrivateKey.generate(random);
      byte[] expected = alice.agree(bob.publicKey(), X25519Provider.BOUNCY_CASTLE);
      for (X25519Provider provider : X25519VectorsTest.providers()) {
        assertThat(alice.agree(bob.publicKey(), provider)).as("pair %d on %s", i, provider).isEqualTo(expected);
        assertThat(bob.agree(alice.publicKey(), provider)).as("pair %d on %s", i, provider).isEqualTo(expected);
      }
    }
  }

  /** Arbitrary 32-byte u: off the curve (on the twist), top bit set, non-canonical (≥ p) — all alike. */
  @Test
  void arbitraryPeerBytesGiveTheSameOutputOnBothProviders() {
    SecureRandom random = DeterministicRandom.seeded("x25519 arbitrary u");
    for (int i = 0; i < PAIRS; i++) {
      byte[] scalar = new byte[32];
      byte[] u = new byte[32];
      random.nextBytes(scalar);
      random.nextBytes(u);
      if (i % 4 == 1) {
        u[31] |= (byte) 0x80;
      } else if (i % 4 == 2) { // 2^255 - 19 + small: non-canonical encodings of 0..18 and beyond
        java.util.Arrays.fill(u, (byte) 0xff);
        u[0] = (byte) (0xed + random.nextInt(18));
        u[31] = (byte) (random.nextBoolean() ? 0x7f : 0xff);
      }
      X25519PrivateKey key = X25519PrivateKey.fromBytes(scalar);
      X25519PublicKey peer = X25519PublicKey.fromBytes(u);
      String expected = outcome(key, peer, X25519Provider.BOUNCY_CASTLE);
      for (X25519Provider provider : X25519VectorsTest.providers()) {
        assertThat(outcome(key, peer, provider)).as("u %s on %s", Bytes.hex(u), provider).isEqualTo(expected);
      }
    }
  }

  private static String outcome(X25519PrivateKey key, X25519PublicKey peer, X25519Provider provider) {
    try {
      return Bytes.hex(key.agree(peer, provider));
    } catch (AuthenticationException e) {
      return "refused: " + e.getMessage();
    }
  }

  @Test
  void everyLowOrderPointIsRefusedByEveryProviderWithTheSameException() {
    X25519PrivateKey key = X25519PrivateKey.generate(DeterministicRandom.seeded("low order"));
    for (String hex : LOW_ORDER) {
      for (boolean topBit : new boolean[] {false, true}) {
        byte[] u = Bytes.fromHex(hex);
        if (topBit) {
          u[31] |= (byte) 0x80;
        }
        X25519PublicKey peer = X25519PublicKey.fromBytes(u);
        for (X25519Provider provider : X25519VectorsTest.providers()) {
          assertThatThrownBy(() -> key.agree(peer, provider))
              .as("%s on %s", Bytes.hex(u), provider)
              .isExactlyInstanceOf(AuthenticationException.class)
              .hasMessage(X25519Provider.LOW_ORDER);
        }
      }
    }
  }

  /** A refusal must not leave state behind in the thread's engines or in BoringSSL's error queue. */
  @Test
  void aRefusalLeavesTheThreadUsableForAgreementsAndAead() {
    SecureRandom random = DeterministicRandom.seeded("after refusal");
    X25519PrivateKey alice = X25519PrivateKey.generate(random);
    X25519PrivateKey bob = X25519PrivateKey.generate(random);
    byte[] expected = alice.agree(bob.publicKey(), X25519Provider.BOUNCY_CASTLE);
    X25519PublicKey zero = X25519PublicKey.fromBytes(new byte[32]);
    for (X25519Provider provider : X25519VectorsTest.providers()) {
      assertThatThrownBy(() -> alice.agree(zero, provider)).isInstanceOf(AuthenticationException.class);
      assertThat(alice.agree(bob.publicKey(), provider)).isEqualTo(expected);
    }
    SymmetricKey key = SymmetricKey.fromBytes(expected);
    AeadCipher cipher = Aead.create(AeadAlgorithm.AES_256_GCM, key, AeadProvider.fastest());
    byte[] nonce = new byte[12];
    byte[] sealed = cipher.seal(nonce, new byte[0], "after".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(new String(cipher.open(nonce, new byte[0], sealed), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("after");
  }

  /** The JCA engines are per thread; concurrent agreements on one key must not mix their inputs. */
  @Test
  void concurrentAgreementsOnOneKeyStayCorrect() throws Exception {
    SecureRandom random = DeterministicRandom.seeded("concurrent");
    X25519PrivateKey shared = X25519PrivateKey.generate(random);
    List<X25519PrivateKey> peers = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      X25519PrivateKey peer = X25519PrivateKey.generate(random);
      peers.add(peer);
      expected.add(shared.agree(peer.publicKey(), X25519Provider.BOUNCY_CASTLE));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          for (int round = 0; round < 10; round++) {
            for (int i = 0; i < peers.size(); i++) {
              if (!java.util.Arrays.equals(shared.agree(peers.get(i).publicKey()), expected.get(i))) {
                return false;
              }
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void publicKeyIsDerivedOnceAndMatchesAgreementWithTheBasePoint() {
    X25519PrivateKey key = X25519PrivateKey.generate(DeterministicRandom.seeded("public key"));
    byte[] basePoint = new byte[32];
    basePoint[0] = 9;
    for (X25519Provider provider : X25519VectorsTest.providers()) {
      assertThat(key.agree(X25519PublicKey.fromBytes(basePoint), provider)).isEqualTo(key.publicKey().toBytes());
    }
    assertThat(key.publicKey()).isSameAs(key.publicKey());
  }
}
