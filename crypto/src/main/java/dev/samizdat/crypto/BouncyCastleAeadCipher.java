package dev.samizdat.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Pure Java, always available: the fallback when no native provider loads. Not thread-safe.
 *
 * <p>Bouncy Castle's AEAD modes stream plaintext into the output before the tag is checked, so on a tag
 * mismatch the output range is zeroed before the exception is thrown.
 */
final class BouncyCastleAeadCipher implements AeadCipher {
  private final AeadAlgorithm algorithm;
  private final KeyParameter key;
  private final AEADCipher cipher;
  private final NonceTracker nonces = new NonceTracker();

  BouncyCastleAeadCipher(AeadAlgorithm algorithm, SymmetricKey key) {
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
    AeadCiphers.checkSealArguments(nonce, in, inOffset, length, out, outOffset);
    nonces.checkSeal(algorithm, nonce);
    init(true, nonce, aad);
    nonces.recordSeal(nonce);
    int written = cipher.processBytes(in, inOffset, length, out, outOffset);
    try {
      return written + cipher.doFinal(out, outOffset + written);
    } catch (InvalidCipherTextException e) {
      throw new CryptoException(algorithm + " encryption failed", e);
    }
  }

  @Override
  public int open(byte[] nonce, byte[] aad, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
    AeadCiphers.checkOpenArguments(nonce, in, inOffset, length, out, outOffset);
    init(false, nonce, aad);
    int written = cipher.processBytes(in, inOffset, length, out, outOffset);
    try {
      return written + cipher.doFinal(out, outOffset + written);
    } catch (InvalidCipherTextException e) {
      AeadCiphers.wipeOutput(out, outOffset, length);
      throw new AuthenticationException(algorithm + " authentication tag does not match");
    }
  }

  private void init(boolean forEncryption, byte[] nonce, byte[] aad) {
    if (nonces.needsDecoy(nonce)) {
      cipher.init(forEncryption, new AEADParameters(key, AeadAlgorithm.TAG_LENGTH * 8, NonceTracker.decoy(nonce)));
    }
    cipher.init(forEncryption, new AEADParameters(key, AeadAlgorithm.TAG_LENGTH * 8, nonce, aad));
    nonces.recordInit(nonce);
  }
}
