package dev.samizdat.crypto.pqxdh;

import dev.samizdat.crypto.MlKem768;
import dev.samizdat.crypto.X25519PublicKey;
import java.util.Arrays;

/** The public prekeys of a {@link PrekeyBundle} and the exact bytes their signatures cover. */
public final class Prekeys {
  /** EncodeEC (PQXDH §2.1): one byte naming the curve, then the u-coordinate; 0x05 as Signal uses. */
  public static final int CURVE25519_TYPE = 0x05;
  /** EncodeKEM (PQXDH §2.1): one byte naming the KEM, then its public key; our own constant. */
  public static final int ML_KEM_768_TYPE = 0x0A;

  private Prekeys() {}

  /** The signed X25519 prekey, signed in {@link PqxdhDomains#SIGNED_PREKEY} over u32 id ‖ EncodeEC. */
  public record SignedPrekey(int id, X25519PublicKey key, byte[] signature) {
    public SignedPrekey {
      signature = signature.clone();
    }

    byte[] signedBytes() {
      return new dev.samizdat.crypto.ratchet.WireWriter(37).u31(id).u8(CURVE25519_TYPE).bytes(key.toBytes())
          .toByteArray();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SignedPrekey p && id == p.id && key.equals(p.key) && Arrays.equals(signature, p.signature);
    }

    @Override
    public int hashCode() {
      return id;
    }
  }

  /**
   * An ML-KEM-768 prekey: the last-resort one or a one-time one. Signed in
   * {@link PqxdhDomains#KEM_PREKEY} over u8 kind ‖ u32 id ‖ EncodeKEM, so that neither the key nor
   * its kind can be swapped.
   */
  public record KemPrekey(int id, MlKem768.PublicKey key, boolean lastResort, byte[] signature) {
    public KemPrekey {
      signature = signature.clone();
    }

    byte[] signedBytes() {
      return new dev.samizdat.crypto.ratchet.WireWriter(6 + MlKem768.PUBLIC_KEY_LENGTH).u8(lastResort ? 0 : 1)
          .u31(id).u8(ML_KEM_768_TYPE).bytes(key.encoded()).toByteArray();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof KemPrekey p && id == p.id && lastResort == p.lastResort && key.equals(p.key)
          && Arrays.equals(signature, p.signature);
    }

    @Override
    public int hashCode() {
      return id;
    }
  }

  /** A one-time X25519 prekey; covered only by the bundle signature (PQXDH §3.2). */
  public record OneTimePrekey(int id, X25519PublicKey key) {}
}
