package dev.samizdat.crypto.envelope;

import dev.samizdat.crypto.Aead;
import dev.samizdat.crypto.AeadAlgorithm;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.Hkdf;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.crypto.SignatureDomain;
import dev.samizdat.crypto.SymmetricKey;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.X25519PublicKey;
import dev.samizdat.crypto.pqxdh.IdentityDh;
import dev.samizdat.crypto.pqxdh.InitialMessage;
import dev.samizdat.crypto.ratchet.WireReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A ratchet or initial message sealed so that a carrier (a mailbox node) learns only the recipient:
 * the sender's identity travels inside. Encoding, version 1:
 * <pre>
 *   u8  version = 1
 *   32  recipient identity key (Ed25519)          — what the carrier routes on
 *   32  ephemeral key E (X25519), fresh per envelope
 *   ..  ChaCha20-Poly1305 to the end of the input, of:
 *         32  sender identity key (Ed25519)
 *         64  sender's signature in {@link #DOMAIN} over recipient identity ‖ inner message
 *         ..  inner message
 * </pre>
 * key ‖ nonce = HKDF-SHA256(ikm = X25519(E, recipient's identity DH key), salt = E ‖ that key,
 * info = {@link #DOMAIN} label, 44); the associated data is the 65-byte cleartext prefix. The
 * signature makes the sender accountable to the recipient (not deniable to it) and stops a recipient
 * from re-sealing someone's message to a third party as if it were addressed to them.
 */
public record SealedEnvelope(Ed25519PublicKey recipient, X25519PublicKey ephemeralKey, byte[] ciphertext) {
  public static final int VERSION = 1;
  public static final SignatureDomain DOMAIN = SignatureDomain.of("samizdat/sealed-envelope/v1");
  private static final byte[] INFO = DOMAIN.label().getBytes(StandardCharsets.US_ASCII);
  public static final int HEADER_LENGTH = 1 + 32 + 32;
  private static final int SENDER_LENGTH = 32 + Ed25519PublicKey.SIGNATURE_LENGTH;
  /** The largest inner message is an initial message carrying a full ratchet message. */
  public static final int MAX_INNER_LENGTH = InitialMessage.MAX_LENGTH;
  /** What sealing adds to the inner message. */
  public static final int OVERHEAD = HEADER_LENGTH + SENDER_LENGTH + AeadAlgorithm.TAG_LENGTH;
  public static final int MAX_LENGTH = OVERHEAD + MAX_INNER_LENGTH;

  public SealedEnvelope {
    ciphertext = ciphertext.clone();
  }

  /** What the recipient learns on opening: who sent it (signature checked) and the inner message. */
  public record Opened(Ed25519PublicKey sender, byte[] inner) {}

  public static SealedEnvelope seal(Ed25519PrivateKey sender, Ed25519PublicKey recipient, byte[] inner,
      SecureRandom random) {
    if (inner.length > MAX_INNER_LENGTH) {
      throw new IllegalArgumentException("inner message of " + inner.length + " bytes exceeds " + MAX_INNER_LENGTH);
    }
    byte[] signature = sender.sign(DOMAIN, Bytes.concat(recipient.toBytes(), inner));
    return sealSigned(sender.publicKey(), signature, recipient, inner, random);
  }

  /** Seals a sender block as given; {@link #seal} is the only caller outside tests. */
  static SealedEnvelope sealSigned(Ed25519PublicKey sender, byte[] signature, Ed25519PublicKey recipient,
      byte[] inner, SecureRandom random) {
    X25519PrivateKey ephemeral = X25519PrivateKey.generate(random);
    X25519PublicKey recipientDh = IdentityDh.publicKey(recipient);
    byte[] plaintext = Bytes.concat(sender.toBytes(), signature, inner);
    byte[] header = header(recipient, ephemeral.publicKey());
    byte[][] keys = keys(ephemeral.agree(recipientDh), ephemeral.publicKey(), recipientDh);
    byte[] ciphertext = Aead.chaCha20Poly1305(SymmetricKey.fromBytes(keys[0])).seal(keys[1], header, plaintext);
    Bytes.wipe(keys[0]);
    return new SealedEnvelope(recipient, ephemeral.publicKey(), ciphertext);
  }

  /**
   * Opens an envelope addressed to {@code recipient}.
   *
   * @throws AuthenticationException not addressed to this key, tampered with, or the sender's signature is bad
   * @throws MalformedInputException the decrypted content is not well-formed
   */
  public Opened open(Ed25519PrivateKey recipientKey) {
    if (!recipientKey.publicKey().equals(recipient)) {
      throw new AuthenticationException("envelope is addressed to another identity");
    }
    X25519PrivateKey own = IdentityDh.privateKey(recipientKey);
    byte[][] keys = keys(own.agree(ephemeralKey), ephemeralKey, own.publicKey());
    byte[] plaintext;
    try {
      plaintext = Aead.chaCha20Poly1305(SymmetricKey.fromBytes(keys[0]))
          .open(keys[1], header(recipient, ephemeralKey), ciphertext);
    } finally {
      Bytes.wipe(keys[0]);
    }
    if (plaintext.length < SENDER_LENGTH) {
      throw new MalformedInputException("sealed envelope content is shorter than its sender block");
    }
    Ed25519PublicKey sender = Ed25519PublicKey.fromBytes(Arrays.copyOf(plaintext, 32));
    byte[] signature = Arrays.copyOfRange(plaintext, 32, SENDER_LENGTH);
    byte[] inner = Arrays.copyOfRange(plaintext, SENDER_LENGTH, plaintext.length);
    sender.requireValid(DOMAIN, Bytes.concat(recipient.toBytes(), inner), signature, "sealed envelope sender");
    return new Opened(sender, inner);
  }

  public byte[] encode() {
    return Bytes.concat(header(recipient, ephemeralKey), ciphertext);
  }

  public static SealedEnvelope decode(byte[] encoded) {
    if (encoded == null || encoded.length > MAX_LENGTH) {
      throw new MalformedInputException("sealed envelope is missing or longer than " + MAX_LENGTH + " bytes");
    }
    WireReader r = new WireReader(encoded, "sealed envelope");
    r.requireVersion(VERSION);
    Ed25519PublicKey recipient = Ed25519PublicKey.fromBytes(r.bytes(32, "recipient"));
    X25519PublicKey ephemeral = X25519PublicKey.fromBytes(r.bytes(32, "ephemeral key"));
    if (r.remaining() < SENDER_LENGTH + AeadAlgorithm.TAG_LENGTH) {
      throw new MalformedInputException("sealed envelope is too short to hold a sender and a tag");
    }
    return new SealedEnvelope(recipient, ephemeral, r.rest());
  }

  private static byte[] header(Ed25519PublicKey recipient, X25519PublicKey ephemeral) {
    byte[] out = new byte[HEADER_LENGTH];
    out[0] = VERSION;
    System.arraycopy(recipient.toBytes(), 0, out, 1, 32);
    System.arraycopy(ephemeral.toBytes(), 0, out, 33, 32);
    return out;
  }

  private static byte[][] keys(byte[] shared, X25519PublicKey ephemeral, X25519PublicKey recipientDh) {
    byte[] okm = Hkdf.derive(shared, Bytes.concat(ephemeral.toBytes(), recipientDh.toBytes()), INFO,
        SymmetricKey.LENGTH + AeadAlgorithm.NONCE_LENGTH);
    Bytes.wipe(shared);
    byte[][] out = {Arrays.copyOf(okm, SymmetricKey.LENGTH), Arrays.copyOfRange(okm, SymmetricKey.LENGTH, okm.length)};
    Bytes.wipe(okm);
    return out;
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedEnvelope e && Arrays.equals(encode(), e.encode());
  }

  @Override
  public int hashCode() {
    return ephemeralKey.hashCode();
  }

  @Override
  public String toString() {
    return "SealedEnvelope[to=" + recipient + ", " + ciphertext.length + " bytes]";
  }
}
