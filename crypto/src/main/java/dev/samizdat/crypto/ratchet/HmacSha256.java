package dev.samizdat.crypto.ratchet;

import dev.samizdat.crypto.Hashes;
import java.security.MessageDigest;

/**
 * HMAC-SHA256 (RFC 2104) keyed once, on the JDK's SHA-256 (SHA-NI / AVX2 intrinsics here), with the
 * padded key blocks hashed once and the digest states cloned per MAC. The ratchet computes four MACs
 * per message on each side, which makes this the hot path of {@code encrypt}/{@code decrypt}.
 * Results equal {@link dev.samizdat.crypto.Hkdf#hmacSha256}; not thread-safe.
 */
final class HmacSha256 {
  static final int LENGTH = 32;
  private static final int BLOCK = 64;
  private static final MessageDigest PROTOTYPE = Hashes.newSha256();

  private final MessageDigest inner;
  private final MessageDigest outer;

  HmacSha256(byte[] key) {
    if (key.length > BLOCK) {
      throw new IllegalArgumentException("HMAC keys longer than a block are not used here");
    }
    byte[] ipad = new byte[BLOCK];
    byte[] opad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte k = i < key.length ? key[i] : 0;
      ipad[i] = (byte) (k ^ 0x36);
      opad[i] = (byte) (k ^ 0x5c);
    }
    inner = copy(PROTOTYPE);
    inner.update(ipad);
    outer = copy(PROTOTYPE);
    outer.update(opad);
  }

  byte[] mac(byte[] a) {
    MessageDigest i = copy(inner);
    i.update(a);
    return finish(i);
  }

  byte[] mac(byte[] a, byte[] b, byte c) {
    MessageDigest i = copy(inner);
    i.update(a);
    i.update(b);
    i.update(c);
    return finish(i);
  }

  byte[] mac(byte b) {
    MessageDigest i = copy(inner);
    i.update(b);
    return finish(i);
  }

  private byte[] finish(MessageDigest i) {
    MessageDigest o = copy(outer);
    o.update(i.digest());
    return o.digest();
  }

  private static MessageDigest copy(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
    }
  }
}
