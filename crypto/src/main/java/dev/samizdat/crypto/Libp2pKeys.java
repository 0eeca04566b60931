package dev.samizdat.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.crypto.proto.Libp2pKeyProtos;
import java.util.Arrays;

/**
 * The libp2p protobuf encoding of keys (specs: peer-ids/peer-ids.md), so that a samizdat identity is
 * also the node's libp2p identity. Only Ed25519 is accepted: samizdat never creates other key types.
 * An Ed25519 private key's Data is the 32-byte seed followed by the 32-byte public key.
 */
public final class Libp2pKeys {
  /** Ed25519 public keys encode to 36 bytes; anything much longer is not one. */
  public static final int MAX_ENCODED_LENGTH = 128;

  private Libp2pKeys() {}

  public static byte[] encodePublicKey(Ed25519PublicKey key) {
    return Libp2pKeyProtos.PublicKey.newBuilder()
        .setType(Libp2pKeyProtos.KeyType.Ed25519)
        .setData(ByteString.copyFrom(key.toBytes()))
        .build()
        .toByteArray();
  }

  public static Ed25519PublicKey decodePublicKey(byte[] encoded) {
    if (encoded.length > MAX_ENCODED_LENGTH) {
      throw new MalformedInputException("encoded public key of " + encoded.length + " bytes is too long");
    }
    Libp2pKeyProtos.PublicKey proto;
    try {
      proto = Libp2pKeyProtos.PublicKey.parseFrom(encoded);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedInputException("not a libp2p public key: " + e.getMessage());
    }
    if (proto.getType() != Libp2pKeyProtos.KeyType.Ed25519) {
      throw new MalformedInputException("unsupported libp2p key type " + proto.getType());
    }
    Ed25519PublicKey key = Ed25519PublicKey.fromBytes(proto.getData().toByteArray());
    if (!Arrays.equals(encodePublicKey(key), encoded)) {
      throw new MalformedInputException("libp2p public key is not in canonical encoding");
    }
    return key;
  }

  public static byte[] encodePrivateKey(Ed25519PrivateKey key) {
    return Libp2pKeyProtos.PrivateKey.newBuilder()
        .setType(Libp2pKeyProtos.KeyType.Ed25519)
        .setData(ByteString.copyFrom(Bytes.concat(key.seed(), key.publicKey().toBytes())))
        .build()
        .toByteArray();
  }

  public static Ed25519PrivateKey decodePrivateKey(byte[] encoded) {
    if (encoded.length > MAX_ENCODED_LENGTH) {
      throw new MalformedInputException("encoded private key of " + encoded.length + " bytes is too long");
    }
    Libp2pKeyProtos.PrivateKey proto;
    try {
      proto = Libp2pKeyProtos.PrivateKey.parseFrom(encoded);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedInputException("not a libp2p private key: " + e.getMessage());
    }
    if (proto.getType() != Libp2pKeyProtos.KeyType.Ed25519) {
      throw new MalformedInputException("unsupported libp2p key type " + proto.getType());
    }
    byte[] data = proto.getData().toByteArray();
    if (data.length != 64 && data.length != 32) {
      throw new MalformedInputException("Ed25519 private key data must be 64 bytes, got " + data.length);
    }
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(Arrays.copyOf(data, 32));
    if (data.length == 64 && !Arrays.equals(Arrays.copyOfRange(data, 32, 64), key.publicKey().toBytes())) {
      throw new MalformedInputException("Ed25519 private key data holds a public key that does not match");
    }
    return key;
  }
}
