package dev.samizdat.crypto.pqxdh;

import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.crypto.MlKem768;
import dev.samizdat.crypto.X25519PublicKey;
import dev.samizdat.crypto.pqxdh.Prekeys.KemPrekey;
import dev.samizdat.crypto.pqxdh.Prekeys.OneTimePrekey;
import dev.samizdat.crypto.pqxdh.Prekeys.SignedPrekey;
import dev.samizdat.crypto.ratchet.WireReader;
import dev.samizdat.crypto.ratchet.WireWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a user publishes so that others can start sessions while it is offline (PQXDH §3.2), as a
 * signed, sequence-numbered DHT record: the highest valid {@link #sequence()} wins. Immutable.
 *
 * <p>Canonical encoding, version 1 (big-endian; ids are u32 below 2^31):
 * <pre>
 *   u8  version = 1
 *   32  identity key (Ed25519)
 *   u64 sequence
 *   u32 id, 32 key, 64 sig          signed prekey (X25519)
 *   u32 id, 1184 key, 64 sig        last-resort ML-KEM-768 prekey
 *   u8  n ≤ MAX_ONE_TIME_PREKEYS,     n × (u32 id, 32 key)
 *   u8  m ≤ MAX_ONE_TIME_KEM_PREKEYS, m × (u32 id, 1184 key, 64 sig)
 *   64  signature by the identity in {@link PqxdhDomains#BUNDLE} over all bytes before it
 * </pre>
 * Prekey signatures follow PQXDH (each prekey signed by the identity key; see {@link Prekeys}); the
 * bundle signature additionally binds the sequence number and the one-time prekeys.
 */
public final class PrekeyBundle {
  public static final int VERSION = 1;
  /** One-time prekeys per bundle: enough for a burst of new contacts while the owner is offline. */
  public static final int MAX_ONE_TIME_PREKEYS = 100;
  /** One-time ML-KEM prekeys per bundle: 1.25 KB each, so the bundle stays within ~30 KB for the DHT. */
  public static final int MAX_ONE_TIME_KEM_PREKEYS = 16;
  private static final int SIG = Ed25519PublicKey.SIGNATURE_LENGTH;
  private static final int KEM_PREKEY_LENGTH = 4 + MlKem768.PUBLIC_KEY_LENGTH + SIG;
  public static final int MAX_LENGTH = 1 + 32 + 8 + (4 + 32 + SIG) + KEM_PREKEY_LENGTH
      + 1 + MAX_ONE_TIME_PREKEYS * (4 + 32) + 1 + MAX_ONE_TIME_KEM_PREKEYS * KEM_PREKEY_LENGTH + SIG;

  private final Ed25519PublicKey identity;
  private final long sequence;
  private final SignedPrekey signedPrekey;
  private final KemPrekey lastResortKemPrekey;
  private final List<OneTimePrekey> oneTimePrekeys;
  private final List<KemPrekey> oneTimeKemPrekeys;
  private final byte[] signature;

  private PrekeyBundle(Ed25519PublicKey identity, long sequence, SignedPrekey signedPrekey,
      KemPrekey lastResortKemPrekey, List<OneTimePrekey> oneTimePrekeys, List<KemPrekey> oneTimeKemPrekeys,
      byte[] signature) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be non-negative");
    }
    if (oneTimePrekeys.size() > MAX_ONE_TIME_PREKEYS || oneTimeKemPrekeys.size() > MAX_ONE_TIME_KEM_PREKEYS) {
      throw new IllegalArgumentException("too many one-time prekeys for one bundle");
    }
    if (!lastResortKemPrekey.lastResort() || oneTimeKemPrekeys.stream().anyMatch(KemPrekey::lastResort)) {
      throw new IllegalArgumentException("ML-KEM prekey of the wrong kind");
    }
    this.identity = identity;
    this.sequence = sequence;
    this.signedPrekey = signedPrekey;
    this.lastResortKemPrekey = lastResortKemPrekey;
    this.oneTimePrekeys = List.copyOf(oneTimePrekeys);
    this.oneTimeKemPrekeys = List.copyOf(oneTimeKemPrekeys);
    this.signature = signature;
  }

  /** Signs a bundle; the prekeys must already carry their own signatures by {@code identity}. */
  public static PrekeyBundle sign(Ed25519PrivateKey identity, long sequence, SignedPrekey signedPrekey,
      KemPrekey lastResortKemPrekey, List<OneTimePrekey> oneTimePrekeys, List<KemPrekey> oneTimeKemPrekeys) {
    PrekeyBundle unsigned = new PrekeyBundle(identity.publicKey(), sequence, signedPrekey, lastResortKemPrekey,
        oneTimePrekeys, oneTimeKemPrekeys, new byte[SIG]);
    byte[] body = unsigned.body();
    return new PrekeyBundle(identity.publicKey(), sequence, signedPrekey, lastResortKemPrekey, oneTimePrekeys,
        oneTimeKemPrekeys, identity.sign(PqxdhDomains.BUNDLE, body));
  }

  /**
   * Checks every signature: the bundle's, the signed prekey's and every ML-KEM prekey's, all by
   * {@link #identity()}.
   *
   * @throws AuthenticationException naming the first signature that does not verify
   */
  public PrekeyBundle verify() {
    identity.requireValid(PqxdhDomains.BUNDLE, body(), signature, "prekey bundle");
    identity.requireValid(PqxdhDomains.SIGNED_PREKEY, signedPrekey.signedBytes(), signedPrekey.signature(),
        "signed prekey " + signedPrekey.id());
    verifyKem(lastResortKemPrekey);
    oneTimeKemPrekeys.forEach(this::verifyKem);
    return this;
  }

  /**
   * What an initiator needs (PQXDH §3.3): the bundle signature, the signed prekey's and that of the
   * one ML-KEM prekey it uses — not the signatures of the one-time ML-KEM prekeys it leaves alone,
   * each of which costs an Ed25519 verification.
   */
  void verifyFor(KemPrekey chosen) {
    identity.requireValid(PqxdhDomains.BUNDLE, body(), signature, "prekey bundle");
    identity.requireValid(PqxdhDomains.SIGNED_PREKEY, signedPrekey.signedBytes(), signedPrekey.signature(),
        "signed prekey " + signedPrekey.id());
    verifyKem(chosen);
  }

  private void verifyKem(KemPrekey k) {
    identity.requireValid(PqxdhDomains.KEM_PREKEY, k.signedBytes(), k.signature(),
        (k.lastResort() ? "last-resort" : "one-time") + " ML-KEM prekey " + k.id());
  }

  public Ed25519PublicKey identity() {
    return identity;
  }

  public long sequence() {
    return sequence;
  }

  public SignedPrekey signedPrekey() {
    return signedPrekey;
  }

  public KemPrekey lastResortKemPrekey() {
    return lastResortKemPrekey;
  }

  public List<OneTimePrekey> oneTimePrekeys() {
    return oneTimePrekeys;
  }

  public List<KemPrekey> oneTimeKemPrekeys() {
    return oneTimeKemPrekeys;
  }

  public byte[] encode() {
    return new WireWriter(MAX_LENGTH).bytes(body()).bytes(signature).toByteArray();
  }

  private byte[] body() {
    WireWriter w = new WireWriter(2048 + oneTimePrekeys.size() * 36 + oneTimeKemPrekeys.size() * KEM_PREKEY_LENGTH);
    w.u8(VERSION).bytes(identity.toBytes()).u64(sequence);
    w.u31(signedPrekey.id()).bytes(signedPrekey.key().toBytes()).bytes(signedPrekey.signature());
    writeKem(w, lastResortKemPrekey);
    w.u8(oneTimePrekeys.size());
    for (OneTimePrekey p : oneTimePrekeys) {
      w.u31(p.id()).bytes(p.key().toBytes());
    }
    w.u8(oneTimeKemPrekeys.size());
    oneTimeKemPrekeys.forEach(k -> writeKem(w, k));
    return w.toByteArray();
  }

  private static void writeKem(WireWriter w, KemPrekey k) {
    w.u31(k.id()).bytes(k.key().encoded()).bytes(k.signature());
  }

  /** Decodes the structure; call {@link #verify()} before trusting any of it. */
  public static PrekeyBundle decode(byte[] encoded) {
    if (encoded == null || encoded.length > MAX_LENGTH) {
      throw new MalformedInputException("prekey bundle is missing or longer than " + MAX_LENGTH + " bytes");
    }
    WireReader r = new WireReader(encoded, "prekey bundle");
    r.requireVersion(VERSION);
    Ed25519PublicKey identity = Ed25519PublicKey.fromBytes(r.bytes(32, "identity"));
    long sequence = r.u64("sequence");
    if (sequence < 0) {
      throw new MalformedInputException("prekey bundle sequence out of range");
    }
    SignedPrekey spk = new SignedPrekey(r.u31("signed prekey id"),
        X25519PublicKey.fromBytes(r.bytes(32, "signed prekey")), r.bytes(SIG, "signed prekey signature"));
    KemPrekey lastResort = readKem(r, true);
    int n = r.u8("one-time prekey count");
    if (n > MAX_ONE_TIME_PREKEYS) {
      throw new MalformedInputException("prekey bundle lists " + n + " one-time prekeys, more than " + MAX_ONE_TIME_PREKEYS);
    }
    Set<Integer> ids = new HashSet<>();
    List<OneTimePrekey> oneTime = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      OneTimePrekey p = new OneTimePrekey(r.u31("one-time prekey id"), X25519PublicKey.fromBytes(r.bytes(32, "one-time prekey")));
      if (!ids.add(p.id())) {
        throw new MalformedInputException("prekey bundle lists one-time prekey " + p.id() + " twice");
      }
      oneTime.add(p);
    }
    int m = r.u8("one-time ML-KEM prekey count");
    if (m > MAX_ONE_TIME_KEM_PREKEYS) {
      throw new MalformedInputException("prekey bundle lists " + m + " one-time ML-KEM prekeys, more than "
          + MAX_ONE_TIME_KEM_PREKEYS);
    }
    ids.clear();
    List<KemPrekey> oneTimeKem = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      KemPrekey k = readKem(r, false);
      if (!ids.add(k.id())) {
        throw new MalformedInputException("prekey bundle lists one-time ML-KEM prekey " + k.id() + " twice");
      }
      oneTimeKem.add(k);
    }
    byte[] signature = r.bytes(SIG, "bundle signature");
    r.requireEnd();
    return new PrekeyBundle(identity, sequence, spk, lastResort, oneTime, oneTimeKem, signature);
  }

  private static KemPrekey readKem(WireReader r, boolean lastResort) {
    int id = r.u31("ML-KEM prekey id");
    MlKem768.PublicKey key = new MlKem768.PublicKey(r.bytes(MlKem768.PUBLIC_KEY_LENGTH, "ML-KEM prekey"));
    return new KemPrekey(id, key, lastResort, r.bytes(SIG, "ML-KEM prekey signature"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrekeyBundle b && Arrays.equals(encode(), b.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "PrekeyBundle[" + identity + ", seq=" + sequence + ", " + oneTimePrekeys.size() + " one-time, "
        + oneTimeKemPrekeys.size() + " one-time ML-KEM]";
  }
}
