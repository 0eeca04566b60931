package dev.samizdat.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** HKDF-SHA256 (RFC 5869) and HMAC-SHA256. */
public final class Hkdf {
  /** RFC 5869: at most 255 blocks of output. */
  public static final int MAX_OUTPUT_LENGTH = 255 * 32;

  private Hkdf() {}

  public static byte[] derive(byte[] inputKeyMaterial, byte[] salt, byte[] info, int length) {
    if (length < 1 || length > MAX_OUTPUT_LENGTH) {
      throw new IllegalArgumentException("HKDF-SHA256 output must be 1.." + MAX_OUTPUT_LENGTH + " bytes");
    }
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(inputKeyMaterial, salt, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }

  public static byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
    return hmacSha256(salt == null || salt.length == 0 ? new byte[32] : salt, inputKeyMaterial);
  }

  public static byte[] expand(byte[] pseudoRandomKey, byte[] info, int length) {
    if (length < 1 || length > MAX_OUTPUT_LENGTH) {
      throw new IllegalArgumentException("HKDF-SHA256 output must be 1.." + MAX_OUTPUT_LENGTH + " bytes");
    }
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(HKDFParameters.skipExtractParameters(pseudoRandomKey, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }

  public static byte[] hmacSha256(byte[] key, byte[]... parts) {
    HMac mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(key));
    for (byte[] part : parts) {
      mac.update(part, 0, part.length);
    }
    byte[] out = new byte[mac.getMacSize()];
    mac.doFinal(out, 0);
    return out;
  }
}
