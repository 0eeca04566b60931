package dev.samizdat.crypto.ratchet;

import dev.samizdat.crypto.Hashes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * A deterministic SecureRandom for tests and known answers: SHA-256 in counter mode over a label,
 * block i = SHA-256(label ‖ u64 i). Never use outside tests.
 */
public final class TestRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;
  private final byte[] label;
  private final byte[] block = new byte[32];
  private long counter;
  private int used = block.length;

  public TestRandom(String label) {
    super();
    this.label = label.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void nextBytes(byte[] out) {
    for (int i = 0; i < out.length; i++) {
      if (used == block.length) {
        MessageDigest sha = Hashes.newSha256();
        sha.update(label);
        sha.update(ByteBuffer.allocate(8).putLong(counter++).array());
        System.arraycopy(sha.digest(), 0, block, 0, block.length);
        used = 0;
      }
      out[i] = block[used++];
    }
  }

  @Override
  public void setSeed(long seed) {
    // Deterministic by construction: seeding is ignored.
  }

  @Override
  public byte[] generateSeed(int numBytes) {
    byte[] out = new byte[numBytes];
    nextBytes(out);
    return out;
  }
}
