package dev.samizdat.libp2p;

import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.Libp2pKeys;
import dev.samizdat.crypto.MalformedInputException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * A libp2p peer identity (specs: peer-ids/peer-ids.md): the multihash of the protobuf-encoded public
 * key — an identity multihash when the encoding is at most 42 bytes (every Ed25519 key), SHA-256
 * otherwise. Printed as base58btc ({@code 12D3KooW…}); parsed from base58btc or a CIDv1 with the
 * {@code libp2p-key} codec. Immutable; equality is over the multihash bytes.
 */
public final class PeerId implements Comparable<PeerId> {
  /** Keys whose protobuf encoding is at most this long are inlined (identity multihash). */
  public static final int MAX_INLINE_KEY_LENGTH = 42;
  /** Long enough for any multihash we accept; rejects absurd input before decoding. */
  public static final int MAX_BYTES_LENGTH = 128;

  /** The multicodec of a libp2p public key inside a CID. */
  static final int LIBP2P_KEY_CODEC = 0x72;

  private final byte[] multihash;
  /** Encoded on first use: base58 is quadratic in the length, and a peer id is printed often. */
  private volatile String base58;

  private PeerId(byte[] multihash) {
    this.multihash = multihash;
  }

  public static PeerId fromPublicKey(Ed25519PublicKey key) {
    byte[] encoded = Libp2pKeys.encodePublicKey(key);
    Multihash hash = encoded.length <= MAX_INLINE_KEY_LENGTH
        ? Multihash.identity(encoded)
        : Multihash.sha256(encoded);
    return new PeerId(hash.toBytes());
  }

  /**
   * Parses the multihash bytes of a peer id: identity (an inlined key of at most {@value
   * #MAX_INLINE_KEY_LENGTH} bytes) or a 32-byte sha2-256.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static PeerId fromBytes(byte[] bytes) {
    if (bytes.length > MAX_BYTES_LENGTH) {
      throw new IllegalArgumentException("peer id of " + bytes.length + " bytes is too long");
    }
    Multihash hash;
    try {
      hash = Multihash.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("peer id is not a valid multihash: " + e.getMessage());
    }
    switch (hash.function()) {
      case SHA2_256 -> {
        if (hash.digestLength() != 32) {
          throw new IllegalArgumentException("sha2-256 peer id must have a 32-byte digest, not " + hash.digestLength());
        }
      }
      case IDENTITY -> {
        if (hash.digestLength() > MAX_INLINE_KEY_LENGTH) {
          throw new IllegalArgumentException("identity peer id longer than " + MAX_INLINE_KEY_LENGTH + " bytes");
        }
      }
      default -> throw new IllegalArgumentException(
          "peer id uses unsupported multihash " + hash.function().multicodecName());
    }
    return new PeerId(bytes.clone());
  }

  /**
   * Parses the text form (specs: peer-ids/peer-ids.md, "String representation"): a bare base58btc
   * multihash ({@code 12D3KooW…} or {@code Qm…}) or a CIDv1 with the libp2p-key codec in any
   * multibase {@link Multibase#decode} knows (base32 {@code b…}, base36 {@code k…}, base58btc
   * {@code z…}).
   *
   * @throws IllegalArgumentException with a message saying what is wrong
   */
  public static PeerId parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty peer id");
    }
    if (text.startsWith("1") || text.startsWith("Qm")) {
      return fromBytes(Base58.decode(text));
    }
    byte[] cid;
    try {
      cid = Multibase.decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + abbreviate(text) + "' is not a peer id (base58btc or CIDv1): " + e.getMessage());
    }
    return fromCid(cid);
  }

  private static PeerId fromCid(byte[] cid) {
    ByteBuffer buffer = ByteBuffer.wrap(cid);
    try {
      long version = Varint.readComplete(buffer);
      if (version != 1) {
        throw new IllegalArgumentException("peer id CID must be version 1, got " + version);
      }
      long codec = Varint.readComplete(buffer);
      if (codec != LIBP2P_KEY_CODEC) {
        throw new IllegalArgumentException("peer id CID must use the libp2p-key codec, got 0x" + Long.toHexString(codec));
      }
    } catch (ProtocolViolationException e) {
      throw new IllegalArgumentException("malformed CID: " + e.getMessage());
    }
    byte[] multihash = new byte[buffer.remaining()];
    buffer.get(multihash);
    return fromBytes(multihash);
  }

  /** The multihash of this id. */
  public Multihash multihash() {
    return Multihash.fromBytes(multihash);
  }

  /** The multihash bytes. */
  public byte[] toBytes() {
    return multihash.clone();
  }

  public String toBase58() {
    String text = base58;
    if (text == null) { // a race encodes twice, harmlessly
      text = Base58.encode(multihash);
      base58 = text;
    }
    return text;
  }

  /** CIDv1, libp2p-key codec, multibase base32 (lower case, no padding). */
  public String toCid() {
    return "b" + Multibase.encodeBase32(cidBytes());
  }

  /** CIDv1, libp2p-key codec, multibase base36 ({@code k51…}), as IPNS names are printed. */
  public String toBase36Cid() {
    return Multibase.encodeBase36(cidBytes());
  }

  private byte[] cidBytes() {
    byte[] cid = new byte[2 + multihash.length];
    cid[0] = 0x01;
    cid[1] = (byte) LIBP2P_KEY_CODEC;
    System.arraycopy(multihash, 0, cid, 2, multihash.length);
    return cid;
  }

  /** The public key, when it is inlined in the id (always for Ed25519). */
  public Optional<Ed25519PublicKey> publicKey() {
    if (multihash[0] != Multihash.Function.IDENTITY.code()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Libp2pKeys.decodePublicKey(Arrays.copyOfRange(multihash, 2, multihash.length)));
    } catch (MalformedInputException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code key} is the key this id was made from. */
  public boolean matches(Ed25519PublicKey key) {
    return equals(fromPublicKey(key));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId other && Arrays.equals(multihash, other.multihash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(multihash);
  }

  @Override
  public int compareTo(PeerId other) {
    return Arrays.compareUnsigned(multihash, other.multihash);
  }

  @Override
  public String toString() {
    return toBase58();
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "…";
  }
}
