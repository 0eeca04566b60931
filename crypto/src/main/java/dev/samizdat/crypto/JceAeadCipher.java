package dev.samizdat.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An {@link AeadCipher} over a JCE {@link Cipher} (the JDK's SunJCE, or Conscrypt), kept across calls
 * because creating one is costly. Not thread-safe.
 *
 * <p>Nonce repeats are handled by {@link NonceTracker}. On a tag mismatch the output range is zeroed.
 * BoringSSL (inside Conscrypt) zeroes the whole rest of the output array on failure, past the plaintext
 * range, which would destroy caller data there; so when the array holds anything after the range other
 * than this message's own tag (in-place decryption), Conscrypt decrypts into a scratch buffer that is
 * copied out on success (one extra copy; callers on a hot path avoid it by sizing the output exactly or
 * decrypting in place). The scratch buffer is not wiped on success: it holds only what the caller got.
 */
final class JceAeadCipher implements AeadCipher {
  private final AeadAlgorithm algorithm;
  private final AeadProvider provider;
  private final SecretKeySpec key;
  private final Cipher cipher;
  /** This cipher's seals: a second seal with the previous nonce is refused as reuse. */
  private final NonceTracker seals = new NonceTracker();
  /** The cipher object's initialisations (shared with whoever shares the object). */
  private final NonceTracker inits;
  private final boolean boundsOutputOnFailure;
  private byte[] scratch = new byte[0];

  JceAeadCipher(AeadAlgorithm algorithm, SymmetricKey key, AeadProvider provider, Provider jceProvider) {
    this(algorithm, key, provider, newCipher(algorithm, provider, jceProvider), new NonceTracker());
  }

  /**
   * With a cipher object of the caller's and the tracker of its initialisations (one pair kept per
   * thread, for keys used once: see {@link Aead}).
   */
  JceAeadCipher(AeadAlgorithm algorithm, SymmetricKey key, AeadProvider provider, Cipher cipher,
      NonceTracker inits) {
    this.algorithm = algorithm;
    this.provider = provider;
    this.key = new SecretKeySpec(key.bytes(), algorithm == AeadAlgorithm.AES_256_GCM ? "AES" : "ChaCha20");
    this.boundsOutputOnFailure = provider != AeadProvider.CONSCRYPT;
    this.cipher = cipher;
    this.inits = inits;
  }

  static Cipher newCipher(AeadAlgorithm algorithm, AeadProvider provider, Provider jceProvider) {
    boolean gcm = algorithm == AeadAlgorithm.AES_256_GCM;
    try {
      return jceProvider != null
          ? Cipher.getInstance(gcm ? "AES/GCM/NoPadding" : "ChaCha20/Poly1305/NoPadding", jceProvider)
          : Cipher.getInstance(gcm ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " is not available from " + provider, e);
    }
  }

  @Override
  public AeadAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public AeadProvider provider() {
    return provider;
  }

  @Override
  public int seal(byte[] nonce, byte[] aad, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
    AeadCiphers.checkSealArguments(nonce, in, inOffset, length, out, outOffset);
    seals.checkSeal(algorithm, nonce);
    try {
      begin(Cipher.ENCRYPT_MODE, nonce, aad);
      return cipher.doFinal(in, inOffset, length, out, outOffset);
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("output buffer too small for " + algorithm, e);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " encryption failed", e);
    }
  }

  @Override
  public int open(byte[] nonce, byte[] aad, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
    AeadCiphers.checkOpenArguments(nonce, in, inOffset, length, out, outOffset);
    try {
      begin(Cipher.DECRYPT_MODE, nonce, aad);
      int plaintextLength = length - AeadAlgorithm.TAG_LENGTH;
      boolean inPlace = out == in && outOffset == inOffset && out.length - outOffset == length;
      if (boundsOutputOnFailure || out.length - outOffset == plaintextLength || inPlace) {
        return cipher.doFinal(in, inOffset, length, out, outOffset);
      }
      return openViaScratch(in, inOffset, length, out, outOffset, plaintextLength);
    } catch (AEADBadTagException e) {
      AeadCiphers.wipeOutput(out, outOffset, length);
      throw new AuthenticationException(algorithm + " authentication tag does not match");
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("output buffer too small for " + algorithm, e);
    } catch (GeneralSecurityException e) {
      AeadCiphers.wipeOutput(out, outOffset, length);
      throw new CryptoException(algorithm + " decryption failed", e);
    }
  }

  /** Conscrypt seals two direct buffers in native memory; anything else takes the array path. */
  @Override
  public int seal(byte[] nonce, byte[] aad, ByteBuffer in, ByteBuffer out) {
    if (provider != AeadProvider.CONSCRYPT || !in.isDirect() || !out.isDirect()) {
      return AeadCipher.super.seal(nonce, aad, in, out);
    }
    Bytes.requireLength(nonce, AeadAlgorithm.NONCE_LENGTH, "AEAD nonce");
    if (out.remaining() < in.remaining() + AeadAlgorithm.TAG_LENGTH) {
      throw new IllegalArgumentException("AEAD output has room for " + out.remaining() + " bytes, "
          + (in.remaining() + AeadAlgorithm.TAG_LENGTH) + " needed");
    }
    seals.checkSeal(algorithm, nonce);
    try {
      begin(Cipher.ENCRYPT_MODE, nonce, aad);
      return cipher.doFinal(in, out);
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("output buffer too small for " + algorithm, e);
    } catch (GeneralSecurityException e) {
      throw new CryptoException(algorithm + " encryption failed", e);
    }
  }

  /**
   * Conscrypt opens two direct buffers in native memory. BoringSSL may clear output past the
   * plaintext on failure, so it only ever sees an output view that ends where the plaintext does.
   */
  @Override
  public int open(byte[] nonce, byte[] aad, ByteBuffer in, ByteBuffer out) {
    if (provider != AeadProvider.CONSCRYPT || !in.isDirect() || !out.isDirect()) {
      return AeadCipher.super.open(nonce, aad, in, out);
    }
    Bytes.requireLength(nonce, AeadAlgorithm.NONCE_LENGTH, "AEAD nonce");
    int length = in.remaining();
    if (length < AeadAlgorithm.TAG_LENGTH) {
      throw new AuthenticationException("ciphertext shorter than its authentication tag");
    }
    int plaintextLength = length - AeadAlgorithm.TAG_LENGTH;
    if (out.remaining() < plaintextLength) {
      throw new IllegalArgumentException("AEAD output has room for " + out.remaining() + " bytes, "
          + plaintextLength + " needed");
    }
    int inStart = in.position();
    int outStart = out.position();
    ByteBuffer target = out.duplicate();
    target.limit(outStart + plaintextLength);
    try {
      begin(Cipher.DECRYPT_MODE, nonce, aad);
      int written = cipher.doFinal(in, target);
      out.position(outStart + written);
      return written;
    } catch (GeneralSecurityException e) {
      in.position(inStart);
      AeadCiphers.wipe(out, outStart, outStart + plaintextLength);
      if (e instanceof AEADBadTagException) {
        throw new AuthenticationException(algorithm + " authentication tag does not match");
      }
      throw new CryptoException(algorithm + " decryption failed", e);
    }
  }

  private int openViaScratch(byte[] in, int inOffset, int length, byte[] out, int outOffset, int plaintextLength)
      throws GeneralSecurityException {
    if (scratch.length < plaintextLength) {
      scratch = new byte[plaintextLength];
    }
    try {
      int written = cipher.doFinal(in, inOffset, length, scratch, 0);
      System.arraycopy(scratch, 0, out, outOffset, written);
      return written;
    } catch (GeneralSecurityException | RuntimeException e) {
      Arrays.fill(scratch, 0, plaintextLength, (byte) 0);
      throw e;
    }
  }

  /** Initialises the cipher for one message and feeds it the associated data; a seal is recorded. */
  private void begin(int mode, byte[] nonce, byte[] aad) throws GeneralSecurityException {
    init(mode, nonce);
    if (mode == Cipher.ENCRYPT_MODE) {
      seals.recordSeal(nonce);
      inits.recordSeal(nonce);
    }
    if (aad != null && aad.length > 0) {
      cipher.updateAAD(aad);
    }
  }

  private void init(int mode, byte[] nonce) throws GeneralSecurityException {
    // Conscrypt also refuses to encrypt with the key and nonce of the object's previous encryption,
    // which a cipher object shared between one-message keys can meet (same key only in tests with
    // fixed randomness, but refused all the same).
    if (inits.needsDecoy(nonce) || (mode == Cipher.ENCRYPT_MODE && inits.sealedLast(nonce))) {
      cipher.init(mode, key, parameters(NonceTracker.decoy(nonce)));
    }
    cipher.init(mode, key, parameters(nonce));
    inits.recordInit(nonce);
  }

  private java.security.spec.AlgorithmParameterSpec parameters(byte[] nonce) {
    return algorithm == AeadAlgorithm.AES_256_GCM
        ? new GCMParameterSpec(AeadAlgorithm.TAG_LENGTH * 8, nonce)
        : new IvParameterSpec(nonce);
  }
}
