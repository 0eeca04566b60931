package dev.samizdat.node.messaging;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.pqxdh.Pqxdh;
import dev.samizdat.crypto.pqxdh.PrekeyBundle;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.memory.InMemoryNetwork;
import dev.samizdat.node.messaging.net.DeliveryProtocol;
import dev.samizdat.node.messaging.net.DeliveryResult;
import dev.samizdat.node.messaging.proto.MessagingProtos.CipherFrame;
import dev.samizdat.node.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-process nodes on real RocksDB databases under one directory, joined by an {@link InMemoryNetwork},
 * sharing one virtual clock and scheduler.
 */
final class TestNetwork implements AutoCloseable {
  final ManualScheduler scheduler = new ManualScheduler();
  final InMemoryNetwork network = new InMemoryNetwork();
  final SecureRandom random = new SecureRandom();
  private final Path directory;
  private final List<Node> nodes = new ArrayList<>();

  TestNetwork(Path directory) {
    this.directory = directory;
  }

  /** A started node. */
  Node node(String name) {
    return node(name, MessagingSettings.DEFAULTS);
  }

  Node node(String name, MessagingSettings settings) {
    Node node = new Node(name, Ed25519PrivateKey.generate(random), settings);
    nodes.add(node);
    node.start();
    return node;
  }

  /** A node that has never run: nobody has its prekey bundle yet. {@link Node#start()} brings it online. */
  Node unstartedNode(String name) {
    Node node = new Node(name, Ed25519PrivateKey.generate(random), MessagingSettings.DEFAULTS);
    nodes.add(node);
    return node;
  }

  /** Several started nodes that only serve as mailboxes. */
  List<Node> mailboxNodes(int count) {
    List<Node> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(node("mailbox-" + i));
    }
    return out;
  }

  void run() {
    scheduler.runDue();
  }

  /** The prekey bundle of {@code node} that the DHT holds now. */
  PrekeyBundle publishedBundle(Node node) {
    byte[] key = PrekeyRecords.bundleKey(node.identity.publicKey());
    byte[] value = network.dhtFor(node.peer).get(key).join().orElseThrow();
    return PrekeyRecords.validate(key, value).orElseThrow();
  }

  final class Node {
    final String name;
    final Ed25519PrivateKey identity;
    final PeerId peer;
    final MessagingSettings settings;
    final byte[] rootSecret = new byte[32];
    final List<MessageView> received = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    Database db;
    Messaging messaging;

    Node(String name, Ed25519PrivateKey identity, MessagingSettings settings) {
      this.name = name;
      this.identity = identity;
      this.peer = PeerId.fromPublicKey(identity.publicKey());
      this.settings = settings;
      random.nextBytes(rootSecret);
    }

    void start() {
      open();
      messaging.start();
      scheduler.runDue();
    }

    /** Opens the database and messaging, online, as a node does before its services are up: not started. */
    void open() {
      db = Database.open(directory.resolve(name), rootSecret, random);
      messaging = new Messaging(db, identity, scheduler.clock, random, scheduler, network.networkFor(peer), settings,
          new MessagingListener() {
            @Override
            public void messageReceived(MessageView message) {
              received.add(message);
            }

            @Override
            public void stateChanged(PeerId peer, MessageId id, MessageState state) {
              events.add(id + " " + state);
            }
          });
      network.attach(messaging);
    }

    /** Goes offline and shuts down as a process would: messaging closed, database closed. */
    void stop() {
      network.setOnline(peer, false);
      messaging.close();
      db.close();
    }

    void restart() {
      stop();
      start();
    }

    MessageId send(Node to, String text) {
      MessageId id = messaging.send(to.peer, text);
      return id;
    }

    /**
     * What {@code to} answers to {@code content} sent straight to it as the first message of a new
     * session started from {@code bundle}: with the bundle's one-time prekeys, or without them (as a
     * node does when a one-time prekey was taken), and so with its last-resort ML-KEM prekey.
     */
    DeliveryResult offerOnNewSession(Node to, PrekeyBundle bundle, byte[] content, boolean withoutOneTimePrekeys) {
      Pqxdh.Initiated initiated = withoutOneTimePrekeys
          ? Pqxdh.initiateWithoutOneTimePrekeys(identity, bundle, content, random)
          : Pqxdh.initiate(identity, bundle, content, random);
      byte[] frame = CipherFrame.newBuilder()
          .setSessionId(ByteString.copyFrom(SessionCrypto.sessionId(initiated.message())))
          .setInitialMessage(ByteString.copyFrom(initiated.message().encode())).build().toByteArray();
      byte[] answer = to.messaging.handleDirect(peer, DeliveryProtocol.encodeRequest(List.of(frame)));
      return DeliveryProtocol.decodeResponse(answer, 1).get(0);
    }

    MessageState stateOf(MessageId id) {
      return messaging.message(id).orElseThrow().state();
    }

    List<String> historyBodies(Node with) {
      return messaging.history(with.peer).stream().map(MessageView::body).toList();
    }
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      if (node.messaging != null) {
        node.messaging.close();
        node.db.close();
      }
    }
  }
}
