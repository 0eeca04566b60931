package dev.samizdat.crypto.ratchet;

import java.util.Arrays;

/** The writing side of {@link WireReader}: big-endian integers and length-prefixed fields. */
public final class WireWriter {
  private byte[] out;
  private int size;

  public WireWriter(int expectedSize) {
    this.out = new byte[Math.max(16, expectedSize)];
  }

  private void ensure(int more) {
    if (size + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
    }
  }

  public WireWriter u8(int v) {
    if (v < 0 || v > 0xFF) {
      throw new IllegalArgumentException("u8 out of range: " + v);
    }
    ensure(1);
    out[size++] = (byte) v;
    return this;
  }

  public WireWriter u16(int v) {
    if (v < 0 || v > 0xFFFF) {
      throw new IllegalArgumentException("u16 out of range: " + v);
    }
    ensure(2);
    out[size++] = (byte) (v >>> 8);
    out[size++] = (byte) v;
    return this;
  }

  public WireWriter u31(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("u31 out of range: " + v);
    }
    ensure(4);
    out[size++] = (byte) (v >>> 24);
    out[size++] = (byte) (v >>> 16);
    out[size++] = (byte) (v >>> 8);
    out[size++] = (byte) v;
    return this;
  }

  public WireWriter u64(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      out[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  public WireWriter bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, out, size, b.length);
    size += b.length;
    return this;
  }

  public WireWriter bytes16(byte[] b) {
    return u16(b.length).bytes(b);
  }

  public byte[] toByteArray() {
    return out.length == size ? out : Arrays.copyOf(out, size);
  }
}
