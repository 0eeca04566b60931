package dev.samizdat.crypto.pqxdh;

import dev.samizdat.crypto.SignatureDomain;
import java.nio.charset.StandardCharsets;

/** Signature domains and KDF labels of samizdat's PQXDH. */
public final class PqxdhDomains {
  public static final SignatureDomain SIGNED_PREKEY = SignatureDomain.of("samizdat/pqxdh/signed-prekey/v1");
  public static final SignatureDomain KEM_PREKEY = SignatureDomain.of("samizdat/pqxdh/kem-prekey/v1");
  public static final SignatureDomain BUNDLE = SignatureDomain.of("samizdat/pqxdh/prekey-bundle/v1");
  /** PQXDH §2.1 "info": names the application, curve, hash and KEM. */
  public static final byte[] KDF_INFO =
      "samizdat_PQXDH_CURVE25519_SHA-256_ML-KEM-768".getBytes(StandardCharsets.US_ASCII);

  private PqxdhDomains() {}
}
