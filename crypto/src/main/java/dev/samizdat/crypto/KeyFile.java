package dev.samizdat.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The node's identity private key as the bytes of its {@code identity} file. Crypto does no file I/O: the
 * node reads and writes the file (owner-only permissions for the clear form). All integers big-endian.
 *
 * <pre>
 *   magic "SAMIZKEY" (8) | version 1 (1) | protection (1) | ...
 *   protection 0, clear:      length (u16) | libp2p-encoded Ed25519 private key (length)
 *   protection 1, encrypted:  Argon2id m KiB (u32) | t (u32) | p (u32) | salt (16) | nonce (12)
 *                             | length (u16) | ChaCha20-Poly1305 ciphertext ‖ tag (length)
 * </pre>
 *
 * The encrypted form's key is Argon2id(UTF-8 passphrase, salt, m, t, p) → 32 bytes; the associated data
 * is every byte before the ciphertext, so the parameters and salt cannot be changed undetected. The
 * passphrase is taken as its UTF-8 bytes, without Unicode normalisation.
 */
public final class KeyFile {
  static final byte[] MAGIC = "SAMIZKEY".getBytes(StandardCharsets.US_ASCII);
  public static final int VERSION = 1;
  static final int CLEAR = 0;
  static final int ENCRYPTED = 1;
  public static final int SALT_LENGTH = 16;
  /**
   * Argon2id memory bound for files we read: {@link Argon2id.Params#DEFAULT} is 64 MiB; 1 GiB leaves room
   * for users who raise it while a tampered file cannot make the node allocate more than that.
   */
  public static final int MAX_MEMORY_KIB = 1024 * 1024;
  private static final int PREFIX_LENGTH = MAGIC.length + 2;
  private static final int ENCRYPTED_HEADER_LENGTH = PREFIX_LENGTH + 12 + SALT_LENGTH + AeadAlgorithm.NONCE_LENGTH + 2;
  /** The longest valid file: the encrypted form around the longest key encoding we accept. */
  public static final int MAX_LENGTH =
      ENCRYPTED_HEADER_LENGTH + Libp2pKeys.MAX_ENCODED_LENGTH + AeadAlgorithm.TAG_LENGTH;

  private KeyFile() {}

  public static byte[] encodeClear(Ed25519PrivateKey key) {
    byte[] body = Libp2pKeys.encodePrivateKey(key);
    try {
      return ByteBuffer.allocate(PREFIX_LENGTH + 2 + body.length)
          .put(MAGIC).put((byte) VERSION).put((byte) CLEAR)
          .putShort((short) body.length).put(body)
          .array();
    } finally {
      Bytes.wipe(body);
    }
  }

  /** Encrypts under {@code passphrase} (not empty; use {@link #encodeClear} for no passphrase). */
  public static byte[] encodeEncrypted(Ed25519PrivateKey key, char[] passphrase, Argon2id.Params params,
      SecureRandom random) {
    if (passphrase == null || passphrase.length == 0) {
      throw new IllegalArgumentException("an encrypted key file needs a non-empty passphrase");
    }
    if (params.memoryKiB() > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException("Argon2id memory above " + MAX_MEMORY_KIB + " KiB could not be read back");
    }
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    byte[] nonce = new byte[AeadAlgorithm.NONCE_LENGTH];
    random.nextBytes(nonce);
    byte[] body = Libp2pKeys.encodePrivateKey(key);
    ByteBuffer out = ByteBuffer.allocate(ENCRYPTED_HEADER_LENGTH + body.length + AeadAlgorithm.TAG_LENGTH)
        .put(MAGIC).put((byte) VERSION).put((byte) ENCRYPTED)
        .putInt(params.memoryKiB()).putInt(params.iterations()).putInt(params.parallelism())
        .put(salt).put(nonce).putShort((short) (body.length + AeadAlgorithm.TAG_LENGTH));
    byte[] file = out.array();
    byte[] header = Arrays.copyOf(file, ENCRYPTED_HEADER_LENGTH);
    try {
      cipher(passphrase, salt, params).seal(nonce, header, body, 0, body.length, file, ENCRYPTED_HEADER_LENGTH);
      return file;
    } finally {
      Bytes.wipe(body);
    }
  }

  /** Whether the file needs a passphrase; checks the prefix only. */
  public static boolean isEncrypted(byte[] file) {
    return readPrefix(file) == ENCRYPTED;
  }

  /**
   * Decodes a key file; {@code passphrase} is null for a clear file.
   *
   * @throws MalformedInputException the bytes are not a key file of a version we read, or are damaged
   * @throws WrongPassphraseException the encrypted file does not open with this passphrase
   * @throws KeyFilePassphraseException a passphrase was missing, or given for a clear file
   */
  public static Ed25519PrivateKey decode(byte[] file, char[] passphrase) {
    return decode(file, passphrase, MAX_MEMORY_KIB);
  }

  /** With a lower memory bound, for fuzzing. */
  static Ed25519PrivateKey decode(byte[] file, char[] passphrase, int maxMemoryKiB) {
    int protection = readPrefix(file);
    ByteBuffer in = ByteBuffer.wrap(file).position(PREFIX_LENGTH);
    if (protection == CLEAR) {
      byte[] body = readBody(in, 1, Libp2pKeys.MAX_ENCODED_LENGTH);
      Ed25519PrivateKey key;
      try {
        key = Libp2pKeys.decodePrivateKey(body);
      } finally {
        Bytes.wipe(body);
      }
      if (passphrase != null) {
        throw new KeyFilePassphraseException(false);
      }
      return key;
    }
    if (passphrase == null) {
      throw new KeyFilePassphraseException(true);
    }
    require(in, 12 + SALT_LENGTH + AeadAlgorithm.NONCE_LENGTH, "Argon2id parameters, salt and nonce");
    int memory = in.getInt();
    int iterations = in.getInt();
    int parallelism = in.getInt();
    if (memory < 0 || memory > maxMemoryKiB) {
      throw new MalformedInputException("key file asks for " + Integer.toUnsignedString(memory)
          + " KiB of Argon2id memory, more than the " + maxMemoryKiB + " KiB we allow");
    }
    Argon2id.Params params = new Argon2id.Params(memory, iterations, parallelism);
    byte[] salt = new byte[SALT_LENGTH];
    in.get(salt);
    byte[] nonce = new byte[AeadAlgorithm.NONCE_LENGTH];
    in.get(nonce);
    byte[] ciphertext = readBody(in, AeadAlgorithm.TAG_LENGTH + 1, Libp2pKeys.MAX_ENCODED_LENGTH + AeadAlgorithm.TAG_LENGTH);
    byte[] header = Arrays.copyOf(file, ENCRYPTED_HEADER_LENGTH);
    byte[] body;
    try {
      body = cipher(passphrase, salt, params).open(nonce, header, ciphertext);
    } catch (AuthenticationException e) {
      throw new WrongPassphraseException("the key file does not open with this passphrase (or it was altered)");
    }
    try {
      return Libp2pKeys.decodePrivateKey(body);
    } finally {
      Bytes.wipe(body);
    }
  }

  private static int readPrefix(byte[] file) {
    if (file == null || file.length < PREFIX_LENGTH) {
      throw new MalformedInputException("not a samizdat key file: too short");
    }
    if (file.length > MAX_LENGTH) {
      throw new MalformedInputException("not a samizdat key file: " + file.length + " bytes, at most " + MAX_LENGTH);
    }
    if (!Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new MalformedInputException("not a samizdat key file: wrong magic");
    }
    int version = file[MAGIC.length] & 0xff;
    if (version != VERSION) {
      throw new MalformedInputException("key file version " + version + " is not supported (this build reads " + VERSION + ")");
    }
    int protection = file[MAGIC.length + 1] & 0xff;
    if (protection != CLEAR && protection != ENCRYPTED) {
      throw new MalformedInputException("key file protection " + protection + " is unknown");
    }
    return protection;
  }

  /** A u16 length within [min, max], then exactly that many bytes, then the end of the file. */
  private static byte[] readBody(ByteBuffer in, int min, int max) {
    require(in, 2, "body length");
    int length = in.getShort() & 0xffff;
    if (length < min || length > max) {
      throw new MalformedInputException("key file body of " + length + " bytes, expected " + min + ".." + max);
    }
    if (in.remaining() != length) {
      throw new MalformedInputException("key file " + (in.remaining() < length ? "truncated" : "has trailing bytes")
          + ": body says " + length + " bytes, " + in.remaining() + " present");
    }
    byte[] body = new byte[length];
    in.get(body);
    return body;
  }

  private static void require(ByteBuffer in, int length, String what) {
    if (in.remaining() < length) {
      throw new MalformedInputException("key file truncated in the " + what);
    }
  }

  private static AeadCipher cipher(char[] passphrase, byte[] salt, Argon2id.Params params) {
    byte[] secret = utf8(passphrase);
    byte[] key = Argon2id.derive(secret, salt, params, SymmetricKey.LENGTH);
    try {
      return Aead.chaCha20Poly1305(SymmetricKey.fromBytes(key));
    } finally {
      Bytes.wipe(secret);
      Bytes.wipe(key);
    }
  }

  private static byte[] utf8(char[] passphrase) {
    ByteBuffer encoded;
    try {
      encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(passphrase));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the passphrase is not valid Unicode (unpaired surrogate)", e);
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return bytes;
  }
}
