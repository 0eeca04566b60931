package dev.samizdat.node;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.node.api.EventHub;
import dev.samizdat.node.config.NodeConfig;
import dev.samizdat.node.dht.NodeDht;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.messaging.Messaging;
import dev.samizdat.node.store.Database;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;

/**
 * What a running node offers its parts. {@code worker} runs blocking work (database writes) off the
 * event loops; it is bounded, and refuses work once the node closes.
 */
public record NodeContext(
    NodeHome home,
    NodeConfig config,
    Ed25519PrivateKey identity,
    PeerId peerId,
    Clock clock,
    SecureRandom random,
    Database database,
    Vertx vertx,
    Host host,
    NodeDht dht,
    Messaging messaging,
    EventHub events,
    ExecutorService worker,
    Instant startedAt) {}
