package dev.samizdat.node.channels;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.HostConfig;
import dev.samizdat.node.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A small assembly for tests: a real Host on 127.0.0.1, a real RocksDB database, and the channel
 * service over a shared {@link InMemoryFeedDirectory}. Restartable on the same directory and identity.
 */
final class TestNode implements AutoCloseable {
  static final ChannelSettings FAST = ChannelSettings.DEFAULTS.withPullInterval(Duration.ofMillis(500))
      .withCatchUpWait(Duration.ofSeconds(5));

  final Ed25519PrivateKey identity;
  final Path directory;
  final InMemoryFeedDirectory dht;
  final Database db;
  final Host host;
  final ChannelService service;
  final RecordingListener events = new RecordingListener();

  TestNode(Path directory, InMemoryFeedDirectory dht) throws Exception {
    this(directory, dht, Ed25519PrivateKey.generate(new SecureRandom()));
  }

  TestNode(Path directory, InMemoryFeedDirectory dht, Ed25519PrivateKey identity) throws Exception {
    this(directory, dht, identity, FAST);
  }

  TestNode(Path directory, InMemoryFeedDirectory dht, ChannelSettings settings) throws Exception {
    this(directory, dht, Ed25519PrivateKey.generate(new SecureRandom()), settings);
  }

  TestNode(Path directory, InMemoryFeedDirectory dht, Ed25519PrivateKey identity, ChannelSettings settings)
      throws Exception {
    this.identity = identity;
    this.directory = directory;
    this.dht = dht;
    SecureRandom random = new SecureRandom();
    byte[] secret = identity.seed();
    this.db = Database.open(directory, secret, random);
    this.host = Host.create(identity, HostConfig.defaults(), random);
    host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS);
    this.service = new ChannelService(db, identity, host, dht.forNode(host.peerId(), host::listenAddresses),
        Clock.systemUTC(), random, settings, events);
    service.start().get(10, TimeUnit.SECONDS);
  }

  dev.samizdat.node.messaging.Messaging messaging;
  private dev.samizdat.node.messaging.ExecutorScheduler scheduler;

  /** Adds messaging over an in-memory network, with the review desk and the peer filter wired in. */
  TestNode withMessaging(dev.samizdat.node.messaging.memory.InMemoryNetwork network) throws Exception {
    scheduler = new dev.samizdat.node.messaging.ExecutorScheduler();
    messaging = new dev.samizdat.node.messaging.Messaging(db, identity, Clock.systemUTC(), new SecureRandom(),
        scheduler, network.networkFor(peerId()), dev.samizdat.node.messaging.MessagingSettings.DEFAULTS,
        dev.samizdat.node.messaging.MessagingListener.NONE);
    network.attach(messaging);
    service.moderation().desk().attach(messaging);
    messaging.setPeerFilter(service.moderation()::acceptsFrom);
    service.moderation().setContacts(messaging::contacts);
    messaging.start().get(20, TimeUnit.SECONDS);
    return this;
  }

  PeerId peerId() {
    return host.peerId();
  }

  @Override
  public void close() throws Exception {
    if (messaging != null) {
      messaging.close();
      scheduler.close();
      messaging = null;
    }
    service.close();
    host.close().get(10, TimeUnit.SECONDS);
    db.close();
  }
}
