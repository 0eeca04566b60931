package dev.samizdat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyFileTest {
  /** Small enough to keep the tests fast; the format stores whatever parameters were used. */
  static final Argon2id.Params FAST = new Argon2id.Params(64, 1, 1);
  private static final char[] PASSPHRASE = "correct horse battery staple \u00e9\u2603".toCharArray();

  private final SecureRandom random = DeterministicRandom.seeded("key file test");
  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);

  @Test
  void clearFileRoundTrips() {
    byte[] file = KeyFile.encodeClear(key);
    assertThat(KeyFile.isEncrypted(file)).isFalse();
    assertThat(KeyFile.decode(file, null).seed()).isEqualTo(key.seed());
    assertThat(Arrays.copyOf(file, 8)).isEqualTo("SAMIZKEY".getBytes());
  }

  @Test
  void encryptedFileRoundTripsAndHidesTheKey() {
    byte[] file = KeyFile.encodeEncrypted(key, PASSPHRASE, FAST, random);
    assertThat(KeyFile.isEncrypted(file)).isTrue();
    assertThat(KeyFile.decode(file, PASSPHRASE).seed()).isEqualTo(key.seed());
    assertThat(indexOf(file, key.seed())).isEqualTo(-1);
    assertThat(file.length).isLessThanOrEqualTo(KeyFile.MAX_LENGTH);
  }

  @Test
  void encryptingTwiceUsesFreshSaltAndNonce() {
    byte[] first = KeyFile.encodeEncrypted(key, PASSPHRASE, FAST, random);
    byte[] second = KeyFile.encodeEncrypted(key, PASSPHRASE, FAST, random);
    assertThat(first).isNotEqualTo(second);
    assertThat(KeyFile.decode(second, PASSPHRASE).publicKey()).isEqualTo(key.publicKey());
  }

  @Test
  void defaultParametersRoundTrip() {
    byte[] file = KeyFile.encodeEncrypted(key, PASSPHRASE, Argon2id.Params.DEFAULT, random);
    assertThat(ByteBuffer.wrap(file, 10, 12).getInt()).isEqualTo(64 * 1024);
    assertThat(KeyFile.decode(file, PASSPHRASE).seed()).isEqualTo(key.seed());
  }

  @Test
  void wrongPassphraseIsReportedAsSuch() {
    byte[] file = KeyFile.encodeEncrypted(key, PASSPHRASE, FAST, random);
    assertThatThrownBy(() -> KeyFile.decode(file, "correct horse battery stapl".toCharArray()))
        .isInstanceOf(WrongPassphraseException.class)
        .isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> KeyFile.decode(file, new char[0])).isInstanceOf(WrongPassphraseException.class);
  }

  @Test
  void passphraseMismatchWithTheFileKindIsAClearError() {
    byte[] encrypted = KeyFile.encodeEncrypted(key, PASSPHRASE, FAST, random);
    byte[] clear = KeyFile.encodeClear(key);
    assertThatThrownBy(() -> KeyFile.decode(encrypted, null))
        .isInstanceOfSatisfying(KeyFilePassphraseException.class, e -> assertThat(e.passphraseRequired()).isTrue())
        .hasMessageContaining("passphrase is required");
    assertThatThrownBy(() -> KeyFile.decode(clear, PASSPHRASE))
        .isInstanceOfSatisfying(KeyFilePassphraseException.class, e -> assertThat(e.passphraseRequired()).isFalse())
        .hasMessageContaining("not encrypted");
    assertThatThrownBy(() -> KeyFile.encodeEncrypted(key, new char[0], FAST, random))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The header is associated data: changing any of its bytes (parameters, salt, nonce) fails to open. */
  @Test
  void everyAlteredByteOfAnEncryptedFileIsDetected() {
    byte[] file = KeyFile.encodeEncrypted(key, PASSPHRASE, FAST, random);
    for (int i = 0; i < file.length; i++) {
      byte[] altered = file.clone();
      altered[i] ^= 0x01;
      assertThatThrownBy(() -> KeyFile.decode(altered, PASSPHRASE))
          .as("byte %d", i)
          .isInstanceOfAny(WrongPassphraseException.class, MalformedInputException.class);
    }
  }

  @Test
  void everyTruncationIsMalformed() {
    for (byte[] file : new byte[][] {KeyFile.encodeClear(key), KeyFile.encodeEncrypted(key, PASSPHRASE, FAST, random)}) {
      char[] passphrase = KeyFile.isEncrypted(file) ? PASSPHRASE : null;
      for (int length = 0; length < file.length; length++) {
        byte[] truncated = Arrays.copyOf(file, length);
        assertThatThrownBy(() -> KeyFile.decode(truncated, passphrase))
            .as("truncated to %d", length)
            .isInstanceOf(MalformedInputException.class);
      }
    }
  }

  @Test
  void trailingBytesAndOversizedFilesAreMalformed() {
    byte[] clear = KeyFile.encodeClear(key);
    assertThatThrownBy(() -> KeyFile.decode(Arrays.copyOf(clear, clear.length + 1), null))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> KeyFile.decode(new byte[KeyFile.MAX_LENGTH + 1], null))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> KeyFile.decode(new byte[100_000_000], null))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void wrongMagicVersionOrProtectionIsMalformed() {
    byte[] clear = KeyFile.encodeClear(key);
    byte[] magic = clear.clone();
    magic[0] = 'X';
    byte[] version = clear.clone();
    version[8] = 2;
    byte[] protection = clear.clone();
    protection[9] = 7;
    assertThatThrownBy(() -> KeyFile.decode(magic, null)).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("magic");
    assertThatThrownBy(() -> KeyFile.decode(version, null)).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> KeyFile.decode(protection, null)).isInstanceOf(MalformedInputException.class);
  }

  /** Parameters are checked before Argon2id runs, so a tampered file cannot make us allocate or loop. */
  @Test
  void absurdArgon2ParametersAreMalformed() {
    byte[] file = KeyFile.encodeEncrypted(key, PASSPHRASE, FAST, random);
    int[][] absurd = {
        {Integer.MAX_VALUE, 1, 1}, {-1, 1, 1}, {KeyFile.MAX_MEMORY_KIB + 1, 1, 1}, {0, 1, 1},
        {64, 0, 1}, {64, 1_000_000, 1}, {64, 1, 0}, {64, 1, 255}, {64, -5, 1}};
    for (int[] p : absurd) {
      byte[] altered = file.clone();
      ByteBuffer.wrap(altered).position(10).putInt(p[0]).putInt(p[1]).putInt(p[2]);
      assertThatThrownBy(() -> KeyFile.decode(altered, PASSPHRASE))
          .as("m=%d t=%d p=%d", p[0], p[1], p[2])
          .isInstanceOf(MalformedInputException.class);
    }
  }

  @Test
  void aClearFileHoldingAnotherKeyTypeIsMalformed() {
    byte[] rsaTyped = KeyFile.encodeClear(key);
    rsaTyped[13] = 0; // libp2p KeyType field value: RSA
    assertThatThrownBy(() -> KeyFile.decode(rsaTyped, null)).isInstanceOf(MalformedInputException.class);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
