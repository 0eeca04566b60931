package dev.samizdat.channels.post;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Hashes;
import dev.samizdat.crypto.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The address of a blob: SHA-256 over {@code len(label) ‖ label ‖ content} with the label
 * {@value #DOMAIN_LABEL}, so that a blob id is never mistaken for any other hash in the system.
 */
public final class BlobId {
  public static final String DOMAIN_LABEL = "samizdat/blob/v1";
  public static final int LENGTH = Hashes.SHA256_LENGTH;
  private static final byte[] PREFIX = Bytes.concat(new byte[] {(byte) DOMAIN_LABEL.length()},
      DOMAIN_LABEL.getBytes(StandardCharsets.US_ASCII));

  private final byte[] hash;

  private BlobId(byte[] hash) {
    this.hash = hash;
  }

  public static BlobId of(byte[] content) {
    return new BlobId(Hashes.sha256(PREFIX, content));
  }

  public static BlobId fromBytes(byte[] hash) {
    return new BlobId(Bytes.requireLength(hash, LENGTH, "blob id").clone());
  }

  public byte[] toBytes() {
    return hash.clone();
  }

  public String hex() {
    return Bytes.hex(hash);
  }

  /** Whether {@code content} is what this id names. */
  public boolean matches(byte[] content) {
    return Arrays.equals(hash, Hashes.sha256(PREFIX, content));
  }

  static BlobId requireValid(byte[] hash) {
    if (hash.length != LENGTH) {
      throw new MalformedInputException("a blob id is " + LENGTH + " bytes");
    }
    return new BlobId(hash.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlobId other && Arrays.equals(hash, other.hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "blob:" + hex();
  }
}
