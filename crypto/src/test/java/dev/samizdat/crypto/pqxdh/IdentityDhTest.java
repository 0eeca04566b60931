package dev.samizdat.crypto.pqxdh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.ratchet.TestRandom;
import org.junit.jupiter.api.Test;

class IdentityDhTest {

  /** libsodium test/default/ed25519_convert.c and its .exp (crypto_sign_ed25519_*_to_curve25519). */
  @Test
  void matchesLibsodiumConversionVector() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(
        Bytes.fromHex("421151a459faeade3d247115f94aedae42318124095afabe4d1451a559faedee"));
    assertThat(Bytes.hex(IdentityDh.privateKey(key).toBytes()))
        .isEqualTo("8052030376d47112be7f73ed7a019293dd12ad910b654455798b4667d73de166");
    assertThat(Bytes.hex(IdentityDh.publicKey(key.publicKey()).toBytes()))
        .isEqualTo("f1814f0e8ff1043d8a44d25babff3cedcae6c22c3edaa48f857ae70de2baae50");
  }

  @Test
  void convertedPublicKeyIsThePublicKeyOfTheConvertedPrivateKey() {
    TestRandom random = new TestRandom("IdentityDhTest");
    for (int i = 0; i < 50; i++) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      assertThat(IdentityDh.publicKey(key.publicKey())).isEqualTo(IdentityDh.privateKey(key).publicKey());
    }
  }

  @Test
  void bothSidesOfAnIdentityDhAgree() {
    TestRandom random = new TestRandom("IdentityDhTest/agree");
    Ed25519PrivateKey a = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey b = Ed25519PrivateKey.generate(random);
    assertThat(IdentityDh.privateKey(a).agree(IdentityDh.publicKey(b.publicKey())))
        .isEqualTo(IdentityDh.privateKey(b).agree(IdentityDh.publicKey(a.publicKey())));
  }
}
