package dev.samizdat.node.crash;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Hashes;
import dev.samizdat.crypto.pqxdh.InitialMessage;
import dev.samizdat.crypto.ratchet.RatchetMessage;
import dev.samizdat.node.messaging.net.DeliveryProtocol;
import dev.samizdat.node.p2p.RequestStreamHandler;
import dev.samizdat.node.messaging.proto.MessagingProtos.CipherFrame;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the frames a node receives and records, for each Double Ratchet message key — named
 * by (session id, sender's ratchet key, message number) — every distinct ciphertext sent under it.
 * A sender that comes back from a crash with a stale ratchet state would encrypt a different
 * message under a key it already used: two ciphertexts for one name. A retransmission of the same
 * message is the same ciphertext and is fine.
 */
final class MessageKeyLedger {
  private final Map<String, Set<String>> ciphertexts = new ConcurrentHashMap<>();

  /** Wraps a {@code /samizdat/msg/1.0.0} request handler so that it records before delegating. */
  RequestStreamHandler.Handler watching(RequestStreamHandler.Handler handler) {
    return (remote, request) -> {
      record(request);
      return handler.handle(remote, request);
    };
  }

  void record(byte[] request) {
    List<byte[]> frames;
    try {
      frames = DeliveryProtocol.decodeRequest(request);
    } catch (RuntimeException e) {
      return; // not a well-formed request: the node refuses it, no key was used
    }
    frames.forEach(this::recordFrame);
  }

  private void recordFrame(byte[] encoded) {
    CipherFrame frame;
    try {
      frame = CipherFrame.parseFrom(encoded);
    } catch (Exception e) {
      return; // not a frame: the node rejects it, no key was used
    }
    byte[] ratchet = switch (frame.getPayloadCase()) {
      case INITIAL_MESSAGE -> InitialMessage.decode(frame.getInitialMessage().toByteArray()).ratchetMessage();
      case RATCHET_MESSAGE -> frame.getRatchetMessage().toByteArray();
      case PAYLOAD_NOT_SET -> null;
    };
    if (ratchet == null) {
      return;
    }
    RatchetMessage message = RatchetMessage.decode(ratchet);
    String name = Bytes.hex(frame.getSessionId().toByteArray()) + "/" + Bytes.hex(message.ratchetKey().toBytes())
        + "/" + message.number();
    ciphertexts.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet())
        .add(Bytes.hex(Hashes.sha256(message.ciphertext())));
  }

  int keysSeen() {
    return ciphertexts.size();
  }

  /** Message keys under which more than one distinct ciphertext arrived. */
  List<String> reusedKeys() {
    return ciphertexts.entrySet().stream().filter(e -> e.getValue().size() > 1)
        .map(e -> e.getKey() + " carried " + e.getValue().size() + " ciphertexts").sorted().toList();
  }

  Set<String> names() {
    return new HashSet<>(ciphertexts.keySet());
  }
}
