package dev.samizdat.node;

import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.host.Connection;
import dev.samizdat.libp2p.host.ConnectionListener;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.HostConfig;
import dev.samizdat.node.api.ApiServer;
import dev.samizdat.node.api.ApiToken;
import dev.samizdat.node.api.EventHub;
import dev.samizdat.node.api.WebClient;
import dev.samizdat.node.api.WebSessions;
import dev.samizdat.node.api.routes.ContactRoutes;
import dev.samizdat.node.api.routes.MessageRoutes;
import dev.samizdat.node.api.routes.NodeRoutes;
import dev.samizdat.node.api.routes.PeerRoutes;
import dev.samizdat.node.config.NodeConfig;
import dev.samizdat.node.dht.NodeDht;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import dev.samizdat.node.messaging.ExecutorScheduler;
import dev.samizdat.node.messaging.net.MessagingDht;
import dev.samizdat.node.messaging.Messaging;
import dev.samizdat.node.messaging.MessagingLimits;
import dev.samizdat.node.messaging.MessagingNetwork;
import dev.samizdat.node.messaging.MessagingSettings;
import dev.samizdat.node.messaging.net.DeliveryProtocol;
import dev.samizdat.node.messaging.net.MailboxProtocol;
import dev.samizdat.node.p2p.HostRequestChannel;
import dev.samizdat.node.p2p.RequestStreamHandler;
import dev.samizdat.node.store.Database;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running samizdat node, assembled in one place: identity → database → Vert.x → libp2p host →
 * DHT → messaging (built, not yet taking messages) → the node's services → messaging's handlers and
 * mailbox collection → local API → {@code api.address}. {@link #start} returns
 * once the API is serving; {@link #close} takes it all down in reverse order. Used by
 * {@code samizdat up}, the demo and the tests alike.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  /** One messaging request to a peer (dial, negotiate, answer) gets this long. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  /** How long start-up waits for the DHT to join and messaging to publish before going on anyway. */
  static final Duration STARTUP_WAIT = Duration.ofSeconds(20);

  private final NodeContext context;
  private final Shutdown shutdown;
  private final String apiUrl;
  private final WebSessions webSessions;

  private Node(NodeContext context, Shutdown shutdown, String apiUrl, WebSessions webSessions) {
    this.context = context;
    this.shutdown = shutdown;
    this.apiUrl = apiUrl;
    this.webSessions = webSessions;
  }

  public static Node start(NodeHome home, NodeConfig config, Optional<char[]> passphrase, List<NodeService> services) {
    return start(home, config, passphrase, services, Clock.systemUTC(), new SecureRandom());
  }

  public static Node start(NodeHome home, NodeConfig config, Optional<char[]> passphrase, List<NodeService> services,
      Clock clock, SecureRandom random) {
    List<Multiaddr> listen = config.listenAddresses();
    List<Multiaddr> bootstrap = config.bootstrapAddresses();
    NodeIdentity identity = NodeIdentity.load(home, passphrase);
    Shutdown shutdown = new Shutdown();
    try {
      Database db = shutdown.add("database", Database.open(home.databaseDirectory(), identity.atRestSecret(), random));
      Vertx vertx = Vertx.vertx();
      shutdown.onClose("vert.x", () -> vertx.close().await());
      var worker = Workers.create();
      shutdown.onClose("workers", () -> Workers.shutdown(worker));
      boolean loopbackOnly = listen.stream().allMatch(Multiaddr::isLoopback);
      HostConfig hostConfig = HostConfig.defaults().withConnectionLimits(config.maxConnections(),
          loopbackOnly ? config.maxConnections() : HostConfig.DEFAULT_MAX_CONNECTIONS_PER_IP,
          HostConfig.DEFAULT_MAX_HANDSHAKES_IN_FLIGHT);
      Host host = Host.create(vertx, identity.key(), hostConfig, random, clock);
      shutdown.onClose("host", () -> host.close().get(10, TimeUnit.SECONDS));
      for (Multiaddr a : listen) {
        LOG.info("listening on {}", wait(host.listen(a), "starting the libp2p host"));
      }
      NodeDht dht = shutdown.add("dht", new NodeDht(host, db, config.dhtProtocol(), clock,
          new Random(random.nextLong()), loopbackOnly));
      dht.start();

      EventHub events = new EventHub();
      NodeEvents nodeEvents = new NodeEvents(events, host);
      host.addConnectionListener(nodeEvents);
      ExecutorScheduler messagingScheduler = shutdown.add("messaging scheduler", new ExecutorScheduler());
      Messaging messaging = shutdown.add("messaging", new Messaging(db, identity.key(), clock, random,
          messagingScheduler, MessagingNetwork.over(new HostRequestChannel(host, worker, REQUEST_TIMEOUT),
              MessagingDht.completingOn(dht, worker)),
          MessagingSettings.fromConfig(config), nodeEvents));
      host.addConnectionListener(new ConnectionListener() {
        @Override
        public void opened(Connection connection) {
          messaging.peerConnected(connection.remotePeer());
        }
      });
      // Answered from the first connection on, "try later" until messaging starts: a peer that offers
      // messages while this node joins the DHT and starts its services retries soon, as it does when
      // it hears that this node is there, instead of backing off as from a node that is away.
      host.setHandler(DeliveryProtocol.PROTOCOL_ID,
          new RequestStreamHandler(messaging::handleDirect, MessagingLimits.MAX_DELIVER_REQUEST_BYTES, worker));

      settle(dht.bootstrap(bootstrap), "joining the DHT");
      for (Multiaddr seed : bootstrap) {
        if (seed.peerId().map(p -> host.connections(p).isEmpty()).orElse(false)) {
          LOG.warn("no connection to the bootstrap peer {}: is it running, is the address right, and is it a"
              + " libp2p node? (asking it again until the DHT has peers)", seed);
        }
      }

      NodeContext context = new NodeContext(home, config, identity.key(), host.peerId(), clock, random, db, vertx,
          host, dht, messaging, events, worker, clock.instant());
      for (NodeService service : services) {
        shutdown.add(service.getClass().getSimpleName(), service);
        settle(service.start(context), "starting " + service.getClass().getSimpleName());
      }
      // Messaging takes nothing before the services have hooked in (the review desk that files reports,
      // the policy on senders): what waited in the mailboxes meets them as what comes later does. Until
      // then a depositor finds no mailbox handler here and leaves its envelopes with the other nodes.
      host.setHandler(MailboxProtocol.PROTOCOL_ID,
          new RequestStreamHandler(messaging::handleMailbox, MessagingLimits.MAX_MAILBOX_REQUEST_BYTES, worker));
      settle(messaging.start(), "publishing the prekey bundle and collecting the mailbox");
      shutdown.add("prekey publisher", new BundlePublisher(messaging, messagingScheduler)).start(false);
      ApiToken token = ApiFiles.loadOrCreateToken(home, random);
      WebSessions webSessions = new WebSessions(random, clock);
      String[] url = new String[1];
      ApiServer api;
      try {
        api = shutdown.add("API", ApiServer.start(vertx, config.apiHost(), config.apiPort(),
            config.apiAllowNonLoopback(), token, webSessions, events, router -> {
              new NodeRoutes(context, () -> url[0]).register(router);
              new ContactRoutes(messaging).register(router);
              new MessageRoutes(messaging).register(router);
              new PeerRoutes(host, dht, messaging).register(router);
              services.forEach(s -> s.routes(router, context));
            }));
      } catch (Exception e) { // Vert.x rethrows the socket's BindException unchecked
        throw new NodeStartException("the local API cannot listen on " + config.apiHost() + ":" + config.apiPort()
            + ": " + e.getMessage(), e);
      }
      var address = api.address(config.apiHost());
      ApiFiles.writeAddress(home, address);
      // Removed first when the node stops, so that the CLI stops finding it as soon as it begins to go;
      // a start that fails before this point leaves the file of a node already running in this home.
      shutdown.onClose("API address", () -> ApiFiles.removeAddress(home));
      url[0] = "http://" + address.getHostString() + ":" + address.getPort();
      return new Node(context, shutdown, url[0], webSessions);
    } catch (RuntimeException e) {
      shutdown.run();
      throw e;
    }
  }

  public NodeContext context() {
    return context;
  }

  public dev.samizdat.libp2p.PeerId peerId() {
    return context.peerId();
  }

  public Messaging messaging() {
    return context.messaging();
  }

  public Host host() {
    return context.host();
  }

  public NodeDht dht() {
    return context.dht();
  }

  /** The host's listen addresses, each with /p2p/ (what other nodes use as --bootstrap). */
  public List<Multiaddr> listenAddresses() {
    return context.host().listenAddresses();
  }

  /** {@code http://127.0.0.1:<port>} */
  public String apiUrl() {
    return apiUrl;
  }

  /** A new one-time link that logs a browser in to the web client (as {@code samizdat web} asks for). */
  public String webLoginUrl() {
    return WebClient.loginUrl(apiUrl, webSessions);
  }

  /** Stops everything in reverse order of starting; idempotent. */
  @Override
  public void close() {
    shutdown.run();
  }

  private static <T> T wait(CompletableFuture<T> future, String what) {
    try {
      return future.get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new NodeStartException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new NodeStartException(what + " took longer than " + STARTUP_WAIT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeStartException("interrupted while " + what, e);
    }
  }

  /** Waits for a start-up step that may fail without stopping the node (the network may be down). */
  private static void settle(CompletableFuture<?> future, String what) {
    try {
      wait(future, what);
    } catch (NodeStartException e) {
      LOG.warn("{}; going on", e.getMessage());
    }
  }
}
