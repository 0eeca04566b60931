package dev.samizdat.node.messaging.net;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.SignatureDomain;
import dev.samizdat.libp2p.PeerId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;

/**
 * A mailbox owner's signed request: only the holder of the recipient's identity key can fetch or
 * delete its envelopes. The signature, in {@link #DOMAIN}, covers
 * <pre>
 *   u8 operation (1 fetch, 2 delete) ‖ 32 recipient ‖ u8 len ‖ mailbox node PeerId bytes
 *   ‖ u64 timestamp millis ‖ 16 nonce ‖ u16 n ‖ n × 16 envelope ids
 * </pre>
 * so a proof is bound to one node, one operation and one set of ids; the node accepts it only within
 * {@link dev.samizdat.node.messaging.MessagingLimits#OWNER_PROOF_WINDOW} of its clock and once.
 */
public record OwnerProof(Ed25519PublicKey recipient, PeerId mailboxNode, long timestampMillis, byte[] nonce,
    byte[] signature) {
  public static final SignatureDomain DOMAIN = SignatureDomain.of("samizdat/mailbox-owner/v1");
  public static final int NONCE_LENGTH = 16;

  public enum Operation {
    FETCH(1), DELETE(2);

    final int code;

    Operation(int code) {
      this.code = code;
    }
  }

  public OwnerProof {
    nonce = nonce.clone();
    signature = signature.clone();
  }

  public static OwnerProof sign(Ed25519PrivateKey owner, PeerId mailboxNode, Operation operation,
      List<EnvelopeId> ids, long nowMillis, SecureRandom random) {
    byte[] nonce = new byte[NONCE_LENGTH];
    random.nextBytes(nonce);
    byte[] signed = signedBytes(operation, owner.publicKey(), mailboxNode, nowMillis, nonce, ids);
    return new OwnerProof(owner.publicKey(), mailboxNode, nowMillis, nonce, owner.sign(DOMAIN, signed));
  }

  /** Whether the signature covers this operation and these ids for this node. */
  public boolean verifies(Operation operation, PeerId node, List<EnvelopeId> ids) {
    return nonce.length == NONCE_LENGTH && node.equals(mailboxNode)
        && recipient.verify(DOMAIN, signedBytes(operation, recipient, mailboxNode, timestampMillis, nonce, ids),
            signature);
  }

  static byte[] signedBytes(Operation operation, Ed25519PublicKey recipient, PeerId node, long timestamp,
      byte[] nonce, List<EnvelopeId> ids) {
    byte[] nodeBytes = node.toBytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + nodeBytes.length + ids.size() * EnvelopeId.LENGTH);
    out.write(operation.code);
    out.writeBytes(recipient.toBytes());
    out.write(nodeBytes.length);
    out.writeBytes(nodeBytes);
    out.writeBytes(ByteBuffer.allocate(8).putLong(timestamp).array());
    out.writeBytes(nonce);
    out.write(ids.size() >>> 8);
    out.write(ids.size() & 0xFF);
    ids.forEach(id -> out.writeBytes(id.toBytes()));
    return out.toByteArray();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
