package dev.samizdat.libp2p;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A self-describing hash (github.com/multiformats/multihash): {@code varint code ‖ varint length ‖
 * digest}. Immutable; equality is over code and digest. A digest shorter than its function's output
 * is a truncated hash, as the spec allows; longer is malformed. Only the functions in {@link
 * Function} are accepted: an unknown code is rejected rather than carried blind.
 *
 * <p>Malformed input, binary or not, raises {@link IllegalArgumentException} naming what is wrong;
 * a protocol codec that received the bytes from a peer reports that as its own protocol violation.
 */
public final class Multihash {
  /** Identity "digests" carry data inline; nothing we use inlines more (libp2p caps keys at 42). */
  public static final int MAX_DIGEST_LENGTH = 128;
  /** The longest encoding we accept: two varints (code fits in 2 bytes, length in 2) and a digest. */
  public static final int MAX_ENCODED_LENGTH = 4 + MAX_DIGEST_LENGTH;

  /** The hash functions we know, by multicodec code (github.com/multiformats/multicodec). */
  public enum Function {
    IDENTITY(0x00, "identity", MAX_DIGEST_LENGTH, null),
    SHA1(0x11, "sha1", 20, "SHA-1"),
    SHA2_256(0x12, "sha2-256", 32, "SHA-256"),
    SHA2_512(0x13, "sha2-512", 64, "SHA-512"),
    SHA3_512(0x14, "sha3-512", 64, "SHA3-512"),
    SHA3_384(0x15, "sha3-384", 48, "SHA3-384"),
    SHA3_256(0x16, "sha3-256", 32, "SHA3-256"),
    SHA3_224(0x17, "sha3-224", 28, "SHA3-224"),
    /** Broken as a hash; known only because certhash multiaddr components may carry it. */
    MD5(0xd5, "md5", 16, "MD5");

    private final int code;
    private final String multicodecName;
    private final int maxLength;
    private final String jcaName;

    Function(int code, String multicodecName, int maxLength, String jcaName) {
      this.code = code;
      this.multicodecName = multicodecName;
      this.maxLength = maxLength;
      this.jcaName = jcaName;
    }

    public int code() {
      return code;
    }

    /** The name in the multicodec table, e.g. {@code sha2-256}. */
    public String multicodecName() {
      return multicodecName;
    }

    /** The full output length in bytes (for identity: the most we accept). */
    public int maxLength() {
      return maxLength;
    }

    public static Function ofCode(long code) {
      for (Function f : values()) {
        if (f.code == code) {
          return f;
        }
      }
      throw new IllegalArgumentException("unsupported multihash function code 0x" + Long.toHexString(code));
    }

    byte[] compute(byte[] data) {
      if (jcaName == null) {
        return data.clone();
      }
      try {
        return MessageDigest.getInstance(jcaName).digest(data);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Java 17 runtimes provide " + jcaName, e);
      }
    }
  }

  private final Function function;
  private final byte[] digest;

  private Multihash(Function function, byte[] digest) {
    this.function = function;
    this.digest = digest;
  }

  /** @throws IllegalArgumentException when the digest is longer than the function allows, or empty */
  public static Multihash of(Function function, byte[] digest) {
    checkLength(function, digest.length);
    return new Multihash(function, digest.clone());
  }

  /** Hashes {@code data} with {@code function} (identity copies it). */
  public static Multihash digest(Function function, byte[] data) {
    return of(function, function.compute(data));
  }

  public static Multihash sha256(byte[] data) {
    return digest(Function.SHA2_256, data);
  }

  public static Multihash identity(byte[] data) {
    return of(Function.IDENTITY, data);
  }

  /**
   * Parses exactly one multihash filling {@code bytes}.
   *
   * @throws IllegalArgumentException for a truncated, over-long or trailing-garbage encoding, a
   *     non-minimal varint, an unknown function or a digest too long for its function
   */
  public static Multihash fromBytes(byte[] bytes) {
    if (bytes.length > MAX_ENCODED_LENGTH) {
      throw new IllegalArgumentException(
          "multihash of " + bytes.length + " bytes is longer than " + MAX_ENCODED_LENGTH);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long code;
    long length;
    try {
      code = Varint.readComplete(buffer);
      length = Varint.readComplete(buffer);
    } catch (ProtocolViolationException e) {
      throw new IllegalArgumentException("malformed multihash: " + e.getMessage());
    }
    Function function = Function.ofCode(code);
    if (length != buffer.remaining()) {
      throw new IllegalArgumentException(
          "multihash says " + length + " digest bytes but " + buffer.remaining() + " follow");
    }
    checkLength(function, (int) length);
    byte[] digest = new byte[(int) length];
    buffer.get(digest);
    return new Multihash(function, digest);
  }

  private static void checkLength(Function function, int length) {
    if (length > function.maxLength) {
      throw new IllegalArgumentException(function.multicodecName + " digest of " + length
          + " bytes is longer than " + function.maxLength);
    }
    if (length == 0 && function != Function.IDENTITY) {
      throw new IllegalArgumentException("empty " + function.multicodecName + " digest");
    }
  }

  public Function function() {
    return function;
  }

  public int code() {
    return function.code;
  }

  public byte[] digest() {
    return digest.clone();
  }

  public int digestLength() {
    return digest.length;
  }

  /** Whether this is {@code data}'s hash under this function, truncated to this digest's length. */
  public boolean matches(byte[] data) {
    byte[] full = function.compute(data);
    if (function == Function.IDENTITY) {
      return MessageDigest.isEqual(full, digest);
    }
    return MessageDigest.isEqual(Arrays.copyOf(full, digest.length), digest);
  }

  public byte[] toBytes() {
    int codeLength = Varint.encodedLength(function.code);
    int lengthLength = Varint.encodedLength(digest.length);
    byte[] out = new byte[codeLength + lengthLength + digest.length];
    int offset = Varint.write(function.code, out, 0);
    offset += Varint.write(digest.length, out, offset);
    System.arraycopy(digest, 0, out, offset, digest.length);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multihash other && function == other.function && Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return 31 * function.hashCode() + Arrays.hashCode(digest);
  }

  /** {@code name:hex}, for logs. */
  @Override
  public String toString() {
    return function.multicodecName + ":" + HexFormat.of().formatHex(digest);
  }
}
