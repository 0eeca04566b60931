package dev.samizdat.dht.record;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.SignatureDomain;
import dev.samizdat.dht.proto.KadProtos;
import dev.samizdat.libp2p.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A samizdat DHT record: published under {@code /<namespace>/<kind>/<owner peer id>} and signed by
 * the owner's Ed25519 key, which the (identity-multihash) peer id in the key carries. The value is
 * a protobuf {@code SignedRecord}: {@code body} (a serialized {@code SignedRecordBody} holding the
 * key, a sequence number, an expiry and the payload) and an Ed25519 signature over exactly those
 * body bytes in the domain {@value #DOMAIN_LABEL}. Immutable.
 */
public final class SignedRecord {
  public static final String DOMAIN_LABEL = "samizdat/dht-record/v1";
  public static final SignatureDomain DOMAIN = SignatureDomain.of(DOMAIN_LABEL);
  /**
   * Room for a PQXDH prekey bundle (an ML-KEM-768 key is 1,184 bytes) with a batch of one-time
   * prekeys, while keeping what a node must store per record small.
   */
  public static final int MAX_VALUE_SIZE = 16 * 1024;
  /** The kind names a record's purpose: lower-case words, short. */
  public static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  private final byte[] key;
  private final long sequence;
  private final long expiresAtMillis;
  private final byte[] payload;
  private final byte[] body;
  private final byte[] signature;

  private SignedRecord(byte[] key, long sequence, long expiresAtMillis, byte[] payload, byte[] body,
      byte[] signature) {
    this.key = key;
    this.sequence = sequence;
    this.expiresAtMillis = expiresAtMillis;
    this.payload = payload;
    this.body = body;
    this.signature = signature;
  }

  /** The DHT key of the {@code kind} record of {@code owner} in {@code namespace} (e.g. "sz"). */
  public static byte[] key(String namespace, String kind, PeerId owner) {
    if (!KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("record kind must match " + KIND + ": '" + kind + "'");
    }
    return ("/" + namespace + "/" + kind + "/" + owner.toBase58()).getBytes(StandardCharsets.US_ASCII);
  }

  /** Signs a record; the owner in {@code key} must be {@code owner}'s peer id. */
  public static SignedRecord sign(Ed25519PrivateKey owner, byte[] key, long sequence,
      long expiresAtMillis, byte[] payload) {
    byte[] body = KadProtos.SignedRecordBody.newBuilder()
        .setKey(ByteString.copyFrom(key))
        .setSequence(sequence)
        .setExpiresAtMillis(expiresAtMillis)
        .setPayload(ByteString.copyFrom(payload))
        .build().toByteArray();
    byte[] signature = owner.sign(DOMAIN, body);
    return new SignedRecord(key.clone(), sequence, expiresAtMillis, payload.clone(), body, signature);
  }

  /**
   * Parses a record value, checking its size and structure and that its body names {@code key}.
   * Does not check the signature or the expiry: see {@link SignedRecordValidator}.
   */
  public static SignedRecord parse(byte[] key, byte[] value) {
    if (value.length > MAX_VALUE_SIZE) {
      throw new InvalidRecordException("record value of " + value.length + " bytes exceeds " + MAX_VALUE_SIZE);
    }
    try {
      KadProtos.SignedRecord outer = KadProtos.SignedRecord.parseFrom(value);
      byte[] body = outer.getBody().toByteArray();
      KadProtos.SignedRecordBody inner = KadProtos.SignedRecordBody.parseFrom(body);
      if (outer.getSignature().size() != Ed25519PublicKey.SIGNATURE_LENGTH) {
        throw new InvalidRecordException("record signature is " + outer.getSignature().size() + " bytes");
      }
      if (!Arrays.equals(inner.getKey().toByteArray(), key)) {
        throw new InvalidRecordException("record was signed for another key");
      }
      return new SignedRecord(key.clone(), inner.getSequence(), inner.getExpiresAtMillis(),
          inner.getPayload().toByteArray(), body, outer.getSignature().toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRecordException("record value is not a SignedRecord: " + e.getMessage(), e);
    }
  }

  /** The value to PUT: the protobuf {@code SignedRecord}. */
  public byte[] encode() {
    return KadProtos.SignedRecord.newBuilder()
        .setBody(ByteString.copyFrom(body))
        .setSignature(ByteString.copyFrom(signature))
        .build().toByteArray();
  }

  public byte[] key() {
    return key.clone();
  }

  /** Unsigned 64-bit; higher wins. */
  public long sequence() {
    return sequence;
  }

  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  public byte[] payload() {
    return payload.clone();
  }

  byte[] body() {
    return body;
  }

  byte[] signature() {
    return signature;
  }
}
