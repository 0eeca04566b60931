package dev.samizdat.dht.record;

import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Validates and selects {@link SignedRecord}s of one namespace ("sz" in production, another for js
 * interop tests): key {@code /<namespace>/<kind>/<peer id>}, value signed by that peer's key, not
 * expired, expiring at most {@link #MAX_TTL_MILLIS} (plus clock skew) from now. The highest
 * sequence wins (as IPNS); ties go to the later expiry, then to the larger value bytes, so that the
 * choice is stable. Thread-safe.
 */
public final class SignedRecordValidator implements Validator, Selector {
  /** Records live 48 h at most; their owner republishes them before that. */
  public static final long MAX_TTL_MILLIS = 48 * 3600_000L;
  /** Clocks of honest peers may differ by this much. */
  public static final long CLOCK_SKEW_MILLIS = 10 * 60_000L;

  private final String namespace;

  public SignedRecordValidator(String namespace) {
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public void validate(byte[] key, byte[] value, long nowMillis) {
    Ed25519PublicKey owner = ownerKey(key);
    SignedRecord record = SignedRecord.parse(key, value);
    if (!owner.verify(SignedRecord.DOMAIN, record.body(), record.signature())) {
      throw new InvalidRecordException("record signature does not verify with the key in its key");
    }
    long expiry = record.expiresAtMillis();
    if (expiry < 0 || expiry <= nowMillis) {
      throw new InvalidRecordException("record expired at " + Long.toUnsignedString(expiry));
    }
    if (expiry - nowMillis > MAX_TTL_MILLIS + CLOCK_SKEW_MILLIS) {
      throw new InvalidRecordException("record expires " + (expiry - nowMillis) + " ms from now, beyond the 48 h limit");
    }
  }

  @Override
  public int select(byte[] key, List<byte[]> values) {
    int best = -1;
    SignedRecord bestRecord = null;
    for (int i = 0; i < values.size(); i++) {
      SignedRecord r = SignedRecord.parse(key, values.get(i));
      if (best < 0 || better(r, values.get(i), bestRecord, values.get(best))) {
        best = i;
        bestRecord = r;
      }
    }
    return best;
  }

  private static boolean better(SignedRecord a, byte[] aValue, SignedRecord b, byte[] bValue) {
    int c = Long.compareUnsigned(a.sequence(), b.sequence());
    if (c == 0) {
      c = Long.compare(a.expiresAtMillis(), b.expiresAtMillis());
    }
    if (c == 0) {
      c = Arrays.compareUnsigned(aValue, bValue);
    }
    return c > 0;
  }

  /** The Ed25519 key of the peer id that ends {@code key}, after checking the key's shape. */
  Ed25519PublicKey ownerKey(byte[] key) {
    String text = new String(key, StandardCharsets.US_ASCII);
    String prefix = "/" + namespace + "/";
    if (!text.startsWith(prefix)) {
      throw new InvalidRecordException("record key is not in /" + namespace + "/");
    }
    String[] parts = text.substring(prefix.length()).split("/", -1);
    if (parts.length != 2 || !SignedRecord.KIND.matcher(parts[0]).matches()) {
      throw new InvalidRecordException("record key must be /" + namespace + "/<kind>/<peer id>");
    }
    for (byte b : key) {
      if (b < 0x21 || b > 0x7e) {
        throw new InvalidRecordException("record key must be printable ASCII");
      }
    }
    PeerId owner;
    try {
      owner = PeerId.parse(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException("record key does not end in a peer id: " + e.getMessage(), e);
    }
    if (!owner.toBase58().equals(parts[1])) {
      throw new InvalidRecordException("record key must name its owner in base58btc");
    }
    return owner.publicKey().orElseThrow(
        () -> new InvalidRecordException("record owner " + owner + " does not carry an Ed25519 key"));
  }
}
