package dev.samizdat.crypto.pqxdh;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.Hkdf;
import dev.samizdat.crypto.MlKem768;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.X25519PublicKey;
import dev.samizdat.crypto.pqxdh.Prekeys.KemPrekey;
import dev.samizdat.crypto.pqxdh.Prekeys.OneTimePrekey;
import dev.samizdat.crypto.ratchet.RatchetSession;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * PQXDH (Signal, "The PQXDH Key Agreement Protocol", rev. 3) with X25519, SHA-256 and ML-KEM-768,
 * handing the shared key to a {@link RatchetSession} as in Signal's Double Ratchet §7.
 *
 * <pre>
 *   DH1 = DH(IK_A, SPK_B)   DH2 = DH(EK_A, IK_B)   DH3 = DH(EK_A, SPK_B)   [DH4 = DH(EK_A, OPK_B)]
 *   (CT, SS) = ML-KEM-768.Encaps(PQPK_B)
 *   SK = HKDF-SHA256(salt = 32 zero bytes, ikm = 32×0xFF ‖ DH1 ‖ DH2 ‖ DH3 [‖ DH4] ‖ SS, info, 32)
 *   AD = IK_A ‖ IK_B   (the Ed25519 identity keys, initiator first)
 * </pre>
 * IK are the X25519 forms of the Ed25519 identities ({@link IdentityDh}). The responder's initial
 * ratchet key is its signed prekey. Stateless and thread-safe; state lives in the stores passed in.
 */
public final class Pqxdh {
  /** PQXDH §2.2: F is 32 0xFF bytes for curve25519, for domain separation from XEdDSA. */
  private static final byte[] F = filled(32, (byte) 0xFF);
  private static final byte[] ZERO_SALT = new byte[32];

  private Pqxdh() {}

  /** The initiator's result: its session, and the message to deliver (carrying the first plaintext). */
  public record Initiated(RatchetSession session, InitialMessage message) {}

  /** The responder's result: its session, who started it, and the first plaintext. */
  public record Accepted(RatchetSession session, Ed25519PublicKey initiator, byte[] plaintext) {}

  /**
   * Starts a session with the owner of {@code bundle} (PQXDH §3.3). Verifies the bundle signature and
   * those of the prekeys it uses before using them; picks a random one-time prekey and one-time ML-KEM prekey when the bundle has any,
   * else the last-resort ML-KEM prekey and no one-time prekey.
   *
   * @throws dev.samizdat.crypto.AuthenticationException when a signature in the bundle does not verify
   */
  public static Initiated initiate(Ed25519PrivateKey identity, PrekeyBundle bundle, byte[] firstPlaintext,
      SecureRandom random) {
    return initiate(identity, bundle, firstPlaintext, random, true);
  }

  /**
   * As {@link #initiate}, but with the last-resort ML-KEM prekey and no one-time prekey, which the
   * responder keeps until the next rotation: for a second attempt after the responder refused the
   * one-time prekeys of a first (another initiator took them first from the same published bundle).
   */
  public static Initiated initiateWithoutOneTimePrekeys(Ed25519PrivateKey identity, PrekeyBundle bundle,
      byte[] firstPlaintext, SecureRandom random) {
    return initiate(identity, bundle, firstPlaintext, random, false);
  }

  private static Initiated initiate(Ed25519PrivateKey identity, PrekeyBundle bundle, byte[] firstPlaintext,
      SecureRandom random, boolean useOneTimePrekeys) {
    List<OneTimePrekey> oneTime = useOneTimePrekeys ? bundle.oneTimePrekeys() : List.of();
    OneTimePrekey opk = oneTime.isEmpty() ? null : oneTime.get(random.nextInt(oneTime.size()));
    List<KemPrekey> oneTimeKem = useOneTimePrekeys ? bundle.oneTimeKemPrekeys() : List.of();
    KemPrekey pqpk = oneTimeKem.isEmpty() ? bundle.lastResortKemPrekey()
        : oneTimeKem.get(random.nextInt(oneTimeKem.size()));
    bundle.verifyFor(pqpk);
    X25519PublicKey spk = bundle.signedPrekey().key();

    X25519PrivateKey ephemeral = X25519PrivateKey.generate(random);
    byte[] dh1 = IdentityDh.privateKey(identity).agree(spk);
    byte[] dh2 = ephemeral.agree(IdentityDh.publicKey(bundle.identity()));
    byte[] dh3 = ephemeral.agree(spk);
    byte[] dh4 = opk == null ? new byte[0] : ephemeral.agree(opk.key());
    MlKem768.Encapsulation kem = MlKem768.encapsulate(pqpk.key(), random);
    byte[] sk = kdf(dh1, dh2, dh3, dh4, kem.sharedSecret());
    byte[] ad = associatedData(identity.publicKey(), bundle.identity());
    RatchetSession session = RatchetSession.initiator(sk, spk, ad, random);
    Bytes.wipe(sk);
    byte[] first = session.encrypt(firstPlaintext);
    PrekeysUsed used = new PrekeysUsed(bundle.signedPrekey().id(), pqpk.id(), !pqpk.lastResort(),
        opk == null ? OptionalInt.empty() : OptionalInt.of(opk.id()));
    return new Initiated(session, new InitialMessage(identity.publicKey(), ephemeral.publicKey(), used,
        kem.ciphertext(), first));
  }

  /**
   * Accepts an initial message (PQXDH §3.4). The one-time prekeys it names are consumed only after
   * the first ratchet message authenticated, so a forged message burns nothing.
   *
   * @throws UnknownPrekeyException a named prekey is unknown, or a one-time prekey was already used
   * @throws dev.samizdat.crypto.AuthenticationException the first message does not authenticate
   */
  public static Accepted respond(PrekeyStore store, InitialMessage message, SecureRandom random) {
    PrekeysUsed used = message.prekeys();
    X25519PrivateKey spk = store.signedPrekey(used.signedPrekeyId())
        .orElseThrow(() -> new UnknownPrekeyException("no signed prekey " + used.signedPrekeyId()));
    MlKem768.PrivateKey pqpk = (used.kemPrekeyIsOneTime()
        ? store.oneTimeKemPrekey(used.kemPrekeyId()) : store.lastResortKemPrekey(used.kemPrekeyId()))
        .orElseThrow(() -> new UnknownPrekeyException((used.kemPrekeyIsOneTime() ? "one-time" : "last-resort")
            + " ML-KEM prekey " + used.kemPrekeyId() + " is unknown or already used"));
    X25519PrivateKey opk = null;
    if (used.oneTimePrekeyId().isPresent()) {
      int id = used.oneTimePrekeyId().getAsInt();
      opk = store.oneTimePrekey(id)
          .orElseThrow(() -> new UnknownPrekeyException("one-time prekey " + id + " is unknown or already used"));
    }
    Ed25519PrivateKey identity = store.identity();
    X25519PublicKey ek = message.ephemeralKey();
    byte[] dh1 = spk.agree(IdentityDh.publicKey(message.initiatorIdentity()));
    byte[] dh2 = store.identityDh().agree(ek);
    byte[] dh3 = spk.agree(ek);
    byte[] dh4 = opk == null ? new byte[0] : opk.agree(ek);
    byte[] sk = kdf(dh1, dh2, dh3, dh4, pqpk.decapsulate(message.kemCiphertext()));
    byte[] ad = associatedData(message.initiatorIdentity(), identity.publicKey());
    RatchetSession session = RatchetSession.responder(sk, spk, ad);
    Bytes.wipe(sk);
    byte[] plaintext = session.decrypt(message.ratchetMessage(), random);
    if (!store.consumeOneTime(used)) {
      throw new UnknownPrekeyException("a one-time prekey of this initial message was used meanwhile");
    }
    return new Accepted(session, message.initiatorIdentity(), plaintext);
  }

  /** AD = initiator identity ‖ responder identity (Ed25519 encodings). */
  public static byte[] associatedData(Ed25519PublicKey initiator, Ed25519PublicKey responder) {
    return Bytes.concat(initiator.toBytes(), responder.toBytes());
  }

  static byte[] kdf(byte[] dh1, byte[] dh2, byte[] dh3, byte[] dh4, byte[] ss) {
    byte[] ikm = Bytes.concat(F, dh1, dh2, dh3, dh4, ss);
    try {
      return Hkdf.derive(ikm, ZERO_SALT, PqxdhDomains.KDF_INFO, 32);
    } finally {
      for (byte[] secret : List.of(ikm, dh1, dh2, dh3, dh4, ss)) {
        Bytes.wipe(secret);
      }
    }
  }

  private static byte[] filled(int length, byte value) {
    byte[] out = new byte[length];
    Arrays.fill(out, value);
    return out;
  }
}
