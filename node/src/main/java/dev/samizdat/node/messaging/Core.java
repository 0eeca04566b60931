package dev.samizdat.node.messaging;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.store.RocksContactStore;
import dev.samizdat.node.messaging.store.RocksMessageStore;
import dev.samizdat.node.messaging.store.RocksOutboxStore;
import dev.samizdat.node.messaging.store.RocksPrekeyStore;
import dev.samizdat.node.messaging.store.RocksSessionStore;
import dev.samizdat.node.store.Database;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Clock;

/**
 * What the messaging services share: the stores on one database, this node's identity, time,
 * randomness and settings. {@link #lock} serialises every read-modify-write of sessions, messages and
 * the outbox; nothing holds it while waiting for the network or for the log sync that makes its
 * writes durable ({@link Database#awaitDurable()}, called after the lock is released).
 */
final class Core {
  final Database db;
  final Ed25519PrivateKey identity;
  final PeerId self;
  final Clock clock;
  final SecureRandom random;
  final MessagingSettings settings;
  final MessagingListener listener;
  final RocksSessionStore sessions;
  final RocksMessageStore messages;
  final RocksContactStore contacts;
  final RocksOutboxStore outbox;
  final RocksPrekeyStore prekeys;
  final Object lock = new Object();
  /** Reports to this user's blocklists go there (set by the channels service). */
  volatile ReportSink reportSink = ReportSink.NONE;
  /** False for peers the user's policy blocks: their messages and deposits are not taken. */
  volatile java.util.function.Predicate<PeerId> acceptsFrom = peer -> true;
  /** Set under the lock when messaging closes: nothing touches the database after that. */
  volatile boolean closed;

  Core(Database db, Ed25519PrivateKey identity, Clock clock, SecureRandom random, MessagingSettings settings,
      MessagingListener listener) {
    this.db = db;
    this.identity = identity;
    this.self = PeerId.fromPublicKey(identity.publicKey());
    this.clock = clock;
    this.random = random;
    this.settings = settings;
    this.listener = listener;
    this.sessions = new RocksSessionStore(db);
    this.messages = new RocksMessageStore(db);
    this.contacts = new RocksContactStore(db);
    this.outbox = new RocksOutboxStore(db);
    this.prekeys = new RocksPrekeyStore(db, identity);
  }

  static Ed25519PublicKey keyOf(PeerId peer) {
    return peer.publicKey().orElseThrow(() -> new MessagingException("peer id " + peer
        + " does not carry an Ed25519 key; samizdat identities always do"));
  }

  /** Peer ids met lately, by key: each message names its peer several times, in events and logs. */
  private static final Map<ByteBuffer, PeerId> PEER_IDS = new ConcurrentHashMap<>();
  static final int MAX_PEER_IDS = 4096;

  static PeerId peerOf(byte[] key) {
    PeerId known = PEER_IDS.get(ByteBuffer.wrap(key));
    if (known != null) {
      return known;
    }
    PeerId peer = PeerId.fromPublicKey(Ed25519PublicKey.fromBytes(key));
    if (PEER_IDS.size() >= MAX_PEER_IDS) {
      PEER_IDS.clear();
    }
    PEER_IDS.put(ByteBuffer.wrap(key.clone()), peer);
    return peer;
  }

  /** Refuses in words what would touch the database once messaging is closed. */
  void requireOpen() {
    if (closed) {
      throw new MessagingException("messaging is closed");
    }
  }
}
