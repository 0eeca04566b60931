package dev.samizdat.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** Creates {@link AeadCipher}s: by default with the fastest provider that loads here. */
public final class Aead {
  private Aead() {}

  public static AeadCipher chaCha20Poly1305(SymmetricKey key) {
    return create(AeadAlgorithm.CHACHA20_POLY1305, key, AeadProvider.fastest());
  }

  public static AeadCipher aes256Gcm(SymmetricKey key) {
    return create(AeadAlgorithm.AES_256_GCM, key, AeadProvider.fastest());
  }

  public static AeadCipher create(AeadAlgorithm algorithm, SymmetricKey key, AeadProvider provider) {
    return switch (provider) {
      case CONSCRYPT -> new JceAead(algorithm, key, provider, AeadProvider.conscrypt()
          .orElseThrow(() -> new CryptoException("Conscrypt's native library is not available here")));
      case JDK -> new JceAead(algorithm, key, provider, null);
      case BOUNCY_CASTLE -> new BouncyCastleAead(algorithm, key);
    };
  }

  private static void checkNonce(byte[] nonce) {
    Bytes.requireLength(nonce, AeadAlgorithm.NONCE_LENGTH, "AEAD nonce");
  }

  /** A JCE cipher, kept across calls because creating one is costly. */
  private static final class JceAead implements AeadCipher {
    private final AeadAlgorithm algorithm;
    private final AeadProvider provider;
    private final SecretKeySpec key;
    private final Cipher cipher;

    JceAead(AeadAlgorithm algorithm, SymmetricKey key, AeadProvider provider, Provider jceProvider) {
      this.algorithm = algorithm;
      this.provider = provider;
      String keyAlgorithm = algorithm == AeadAlgorithm.AES_256_GCM ? "AES" : "ChaCha20";
      this.key = new SecretKeySpec(key.bytes(), keyAlgorithm);
      String transformation =
          algorithm == AeadAlgorithm.AES_256_GCM ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305";
      try {
        if (jceProvider != null) {
          String conscryptName =
              algorithm == AeadAlgorithm.AES_256_GCM ? "AES/GCM/NoPadding" : "ChaCha20/Poly1305/NoPadding";
          this.cipher = Cipher.getInstance(conscryptName, jceProvider);
        } else {
          this.cipher = Cipher.getInstance(transformation);
        }
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
      checkNonce(nonce);
      try {
        init(Cipher.ENCRYPT_MODE, nonce);
        if (aad != null && aad.length > 0) {
          cipher.updateAAD(aad);
        }
        return cipher.doFinal(in, inOffset, length, out, outOffset);
      } catch (ShortBufferException e) {
        throw new IllegalArgumentException("output buffer too small for " + algorithm, e);
      } catch (GeneralSecurityException e) {
        throw new CryptoException(algorithm + " encryption failed", e);
      }
    }

    @Override
    public int open(byte[] nonce, byte[] aad, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
      checkNonce(nonce);
      if (length < AeadAlgorithm.TAG_LENGTH) {
        throw new AuthenticationException("ciphertext shorter than its authentication tag");
      }
      try {
        init(Cipher.DECRYPT_MODE, nonce);
        if (aad != null && aad.length > 0) {
          cipher.updateAAD(aad);
        }
        return cipher.doFinal(in, inOffset, length, out, outOffset);
      } catch (AEADBadTagException e) {
        throw new AuthenticationException(algorithm + " authentication tag does not match");
      } catch (ShortBufferException e) {
        throw new IllegalArgumentException("output buffer too small for " + algorithm, e);
      } catch (GeneralSecurityException e) {
        throw new CryptoException(algorithm + " decryption failed", e);
      }
    }

    private void init(int mode, byte[] nonce) throws GeneralSecurityException {
      if (algorithm == AeadAlgorithm.AES_256_GCM) {
        cipher.init(mode, key, new GCMParameterSpec(AeadAlgorithm.TAG_LENGTH * 8, nonce));
      } else {
        cipher.init(mode, key, new IvParameterSpec(nonce));
      }
    }
  }

  /** Pure Java, always available: the fallback when no native provider loads. */
  private static final class BouncyCastleAead implements AeadCipher {
    private final AeadAlgorithm algorithm;
    private final KeyParameter key;
    private final AEADCipher cipher;

    BouncyCastleAead(AeadAlgorithm algorithm, SymmetricKey key) {
      this.algorithm = algorithm;
      this.key = new KeyParameter(key.bytes().clone());
      this.cipher = algorithm == AeadAlgorithm.AES_256_GCM
          ? GCMBlockCipher.newInstance(AESEngine.newInstance())
          : new ChaCha20Poly1305();
    }

    @Override
    public AeadAlgorithm algorithm() {
      return algorithm;
    }

    @Override
    public AeadProvider provider() {
      return AeadProvider.BOUNCY_CASTLE;
    }

    @Override
    public int seal(byte[] nonce, byte[] aad, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
      checkNonce(nonce);
      cipher.init(true, new AEADParameters(key, AeadAlgorithm.TAG_LENGTH * 8, nonce, aad));
      int written = cipher.processBytes(in, inOffset, length, out, outOffset);
      try {
        return written + cipher.doFinal(out, outOffset + written);
      } catch (InvalidCipherTextException e) {
        throw new CryptoException(algorithm + " encryption failed", e);
      }
    }

    @Override
    public int open(byte[] nonce, byte[] aad, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
      checkNonce(nonce);
      if (length < AeadAlgorithm.TAG_LENGTH) {
        throw new AuthenticationException("ciphertext shorter than its authentication tag");
      }
      cipher.init(false, new AEADParameters(key, AeadAlgorithm.TAG_LENGTH * 8, nonce, aad));
      int written = cipher.processBytes(in, inOffset, length, out, outOffset);
      try {
        return written + cipher.doFinal(out, outOffset + written);
      } catch (InvalidCipherTextException e) {
        throw new AuthenticationException(algorithm + " authentication tag does not match");
      }
    }
  }
}
