package dev.samizdat.crypto.pqxdh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Hashes;
import dev.samizdat.crypto.envelope.SealedEnvelope;
import dev.samizdat.crypto.ratchet.RatchetSession;
import dev.samizdat.crypto.ratchet.TestRandom;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Frozen outputs of our own formats and KDFs from a deterministic random source: any change to an
 * encoding, a label, a KDF or the order randomness is drawn in shows up here. The values were
 * produced by this implementation (no external vectors exist for samizdat's formats); when a change
 * is deliberate, bump the format version and refreeze. Digests are SHA-256 of the encoded bytes.
 */
class KnownAnswerTest {

  private static String digest(byte[] bytes) {
    return Bytes.hex(Hashes.sha256(bytes));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  record Transcript(PrekeyBundle bundle, InitialMessage initial, byte[] reply, byte[] second,
      RatchetSession alice, RatchetSession bob, SealedEnvelope envelope) {}

  static Transcript run() {
    TestRandom random = new TestRandom("samizdat known answers v1");
    Ed25519PrivateKey alice = Ed25519PrivateKey.generate(random);
    InMemoryPrekeyStore bobStore = new InMemoryPrekeyStore(Ed25519PrivateKey.generate(random));
    PrekeyBundle bundle = PrekeyGenerator.generate(bobStore, 42, 2, 1, random);
    Pqxdh.Initiated initiated = Pqxdh.initiate(alice, bundle, utf8("hello"), random);
    Pqxdh.Accepted accepted = Pqxdh.respond(bobStore, initiated.message(), random);
    byte[] reply = accepted.session().encrypt(utf8("hi alice"));
    initiated.session().decrypt(reply, random);
    byte[] second = initiated.session().encrypt(utf8("second"));
    accepted.session().decrypt(second, random);
    SealedEnvelope envelope = SealedEnvelope.seal(alice, bobStore.identity().publicKey(), second, random);
    return new Transcript(bundle, initiated.message(), reply, second, initiated.session(), accepted.session(),
        envelope);
  }

  @Test
  void formatsAndKdfsMatchTheFrozenValues() {
    Transcript t = run();
    assertThat(digest(t.bundle().encode())).isEqualTo("bdf6b94fb92ba366ea89e5143c646f6ca9ffe5926d9da97d5897f99d3e2c9b5a");
    assertThat(digest(t.initial().encode())).isEqualTo("1acc1862ff5eb904740d5f744b6b7eeffd6ebc9e2b4459d19bc083929abffbf1");
    assertThat(Bytes.hex(t.reply())).isEqualTo("0108ba266a66b5c8c7219db40d6d89f2320fd17860069aef9415b3bb1ae3d5960900000000000000009a4560a6ab8f74550fa6ce003d3036d034c4e02884e6dd2b");
    assertThat(Bytes.hex(t.second())).isEqualTo("01b0ae30459d81e68307eddc3933c2dc136f4b8a584d3979ab457101145e0eb56d00000001000000001ad2b5f9ada5d9f1f8aef9c07bc2ec1f3e45e2aafcdf");
    assertThat(digest(t.alice().toBytes())).isEqualTo("b06f30f32fd0b85ff19250df563898ddbbb87f8ce40e0f761cf1f89e887d7769");
    assertThat(digest(t.bob().toBytes())).isEqualTo("fd75a52e060452d1832219fba826930fd479c096dc1bd0c1e034999e1e8e474f");
    assertThat(digest(t.envelope().encode())).isEqualTo("fc413487a4a6f56f87eae8a27cbf726b196e7555067fe22bf9e21f504969a952");
  }

  @Test
  void theKdfMatchesItsFrozenValue() {
    byte[] dh = new byte[32];
    java.util.Arrays.fill(dh, (byte) 1);
    byte[] ss = new byte[32];
    java.util.Arrays.fill(ss, (byte) 2);
    assertThat(Bytes.hex(Pqxdh.kdf(dh.clone(), dh.clone(), dh.clone(), new byte[0], ss.clone()))).isEqualTo("2522ca78bee030b6630a9023420a929c12211eb2c1aec8ace69c89473f2f7b3e");
    assertThat(Bytes.hex(Pqxdh.kdf(dh.clone(), dh.clone(), dh.clone(), dh.clone(), ss.clone()))).isEqualTo("a1da1a82b662cf55fb33bd559eb2ec0a8ad569eac78bb1debdf011684a987ea7");
  }
}
