package dev.samizdat.crypto.pqxdh;

import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.crypto.MlKem768;
import dev.samizdat.crypto.X25519PublicKey;
import dev.samizdat.crypto.ratchet.RatchetMessage;
import dev.samizdat.crypto.ratchet.WireReader;
import dev.samizdat.crypto.ratchet.WireWriter;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The first message of a session (PQXDH §3.3): what the responder needs to derive the same key,
 * followed by the first Double Ratchet message. Encoding, version 1 (big-endian):
 * <pre>
 *   u8   version = 1
 *   32   initiator identity key (Ed25519)
 *   32   initiator ephemeral key (X25519)
 *   u32  signed prekey id
 *   u8   ML-KEM prekey kind: 0 = last-resort, 1 = one-time
 *   u32  ML-KEM prekey id
 *   u8   0 = no one-time prekey, 1 = one follows: u32 one-time prekey id
 *   1088 ML-KEM-768 ciphertext
 *   u32  length ≤ RatchetMessage.MAX_LENGTH, then the first ratchet message
 * </pre>
 */
public record InitialMessage(Ed25519PublicKey initiatorIdentity, X25519PublicKey ephemeralKey,
    PrekeysUsed prekeys, byte[] kemCiphertext, byte[] ratchetMessage) {
  public static final int VERSION = 1;
  public static final int MAX_LENGTH = 1 + 32 + 32 + 4 + 1 + 4 + 1 + 4 + MlKem768.CIPHERTEXT_LENGTH + 4
      + RatchetMessage.MAX_LENGTH;

  public InitialMessage {
    kemCiphertext = kemCiphertext.clone();
    ratchetMessage = ratchetMessage.clone();
  }

  public byte[] encode() {
    WireWriter w = new WireWriter(MAX_LENGTH - RatchetMessage.MAX_LENGTH + ratchetMessage.length);
    w.u8(VERSION).bytes(initiatorIdentity.toBytes()).bytes(ephemeralKey.toBytes())
        .u31(prekeys.signedPrekeyId()).u8(prekeys.kemPrekeyIsOneTime() ? 1 : 0).u31(prekeys.kemPrekeyId());
    if (prekeys.oneTimePrekeyId().isPresent()) {
      w.u8(1).u31(prekeys.oneTimePrekeyId().getAsInt());
    } else {
      w.u8(0);
    }
    return w.bytes(kemCiphertext).u31(ratchetMessage.length).bytes(ratchetMessage).toByteArray();
  }

  public static InitialMessage decode(byte[] encoded) {
    if (encoded == null || encoded.length > MAX_LENGTH) {
      throw new MalformedInputException("initial message is missing or longer than " + MAX_LENGTH + " bytes");
    }
    WireReader r = new WireReader(encoded, "initial message");
    r.requireVersion(VERSION);
    Ed25519PublicKey identity = Ed25519PublicKey.fromBytes(r.bytes(32, "initiator identity"));
    X25519PublicKey ephemeral = X25519PublicKey.fromBytes(r.bytes(32, "ephemeral key"));
    int spkId = r.u31("signed prekey id");
    int kemKind = r.u8("ML-KEM prekey kind");
    if (kemKind > 1) {
      throw new MalformedInputException("initial message has unknown ML-KEM prekey kind " + kemKind);
    }
    int kemId = r.u31("ML-KEM prekey id");
    int hasOneTime = r.u8("one-time prekey flag");
    if (hasOneTime > 1) {
      throw new MalformedInputException("initial message has bad one-time prekey flag " + hasOneTime);
    }
    OptionalInt oneTime = hasOneTime == 1 ? OptionalInt.of(r.u31("one-time prekey id")) : OptionalInt.empty();
    byte[] ciphertext = r.bytes(MlKem768.CIPHERTEXT_LENGTH, "ML-KEM ciphertext");
    int length = r.u31("ratchet message length");
    if (length > RatchetMessage.MAX_LENGTH) {
      throw new MalformedInputException("initial message carries a ratchet message of " + length + " bytes");
    }
    byte[] ratchet = r.bytes(length, "ratchet message");
    r.requireEnd();
    return new InitialMessage(identity, ephemeral, new PrekeysUsed(spkId, kemId, kemKind == 1, oneTime),
        ciphertext, ratchet);
  }

  @Override
  public byte[] kemCiphertext() {
    return kemCiphertext.clone();
  }

  @Override
  public byte[] ratchetMessage() {
    return ratchetMessage.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InitialMessage m && Arrays.equals(encode(), m.encode());
  }

  @Override
  public int hashCode() {
    return ephemeralKey.hashCode();
  }

  @Override
  public String toString() {
    return "InitialMessage[from=" + initiatorIdentity + ", " + prekeys + "]";
  }
}
