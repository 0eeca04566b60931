package dev.samizdat.node.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.Node;
import dev.samizdat.node.config.NodeConfig;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.MessageState;
import dev.samizdat.node.messaging.MessageView;
import dev.samizdat.node.messaging.MessagingLimits;
import dev.samizdat.node.messaging.net.DeliveryProtocol;
import dev.samizdat.node.p2p.RequestStreamHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bob runs in a child JVM exactly as {@code samizdat up} and is SIGKILLed at random moments while
 * 1,000 messages go between him and Alice (an in-test node): 500 Alice → Bob through Messaging,
 * 500 Bob → Alice through Bob's local API. After the kills: every acknowledged message (DELIVERED
 * at Alice, 201 from Bob's API) is in the other side's history exactly once, no message shows
 * twice, and no Double Ratchet message key of Bob's carried two different ciphertexts (see
 * {@link MessageKeyLedger}). Replay a failure with {@code -Dcrash.seed=<printed seed>}.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class SigkillCrashTest {
  private static final int MESSAGES_EACH_WAY = 500;
  private static final int KILLS = 3;
  /** Quicker JVM starts: the test waits on each restart. */
  private static final List<String> CHILD_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  private static final Duration SETTLE = Duration.ofSeconds(90);

  /** Kept when the test fails: the child nodes' logs are in it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path root;

  @Test
  void acknowledgedMessagesSurviveSigkillExactlyOnceWithoutReusingMessageKeys() throws Exception {
    long seed = Long.getLong("crash.seed", new SecureRandom().nextLong());
    System.out.println("SigkillCrashTest seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
    Random random = new Random(seed);
    long t0 = System.nanoTime();
    java.util.function.Consumer<String> phase = what -> System.out.printf("SigkillCrashTest %6.1f s: %s%n",
        (System.nanoTime() - t0) / 1e9, what);
    SecureRandom nodeRandom = new SecureRandom();

    NodeHome aliceHome = home("alice", nodeRandom);
    NodeHome bobHome = home("bob", nodeRandom);
    NodeConfig aliceConfig = NodeConfig.DEFAULTS.withListen(List.of("/ip4/127.0.0.1/tcp/0")).withApiPort(0)
        .withBootstrap(List.of());
    try (Node alice = Node.start(aliceHome, aliceConfig, Optional.empty(), List.of());
        ChildNode bob = new ChildNode(bobHome, alice.listenAddresses(), CHILD_JVM)) {
      MessageKeyLedger ledger = new MessageKeyLedger();
      alice.host().setHandler(DeliveryProtocol.PROTOCOL_ID, new RequestStreamHandler(
          ledger.watching(alice.messaging()::handleDirect), MessagingLimits.MAX_DELIVER_REQUEST_BYTES,
          alice.context().worker()));
      bob.start();
      phase.accept("both nodes up");
      PeerId bobId = PeerId.fromPublicKey(NodeIdentity.load(bobHome, Optional.empty()).key().publicKey());

      List<MessageId> aliceSent = new CopyOnWriteArrayList<>();
      Map<String, Boolean> bobAttempts = new ConcurrentHashMap<>(); // text → answered 201
      Thread aliceSender = new Thread(() -> {
        Random pace = new Random(seed + 1);
        for (int i = 0; i < MESSAGES_EACH_WAY; i++) {
          aliceSent.add(alice.messaging().send(bobId, "a" + i));
          ChildNode.sleep(pace.nextInt(30));
        }
      }, "alice-sender");
      ApiSender bobSender = new ApiSender(bob, alice.peerId(), bobAttempts, new Random(seed + 2));
      Thread bobThread = new Thread(bobSender, "bob-sender");
      aliceSender.start();
      bobThread.start();

      for (int k = 0; k < KILLS; k++) {
        ChildNode.sleep(500 + random.nextInt(3000));
        bob.kill();
        ChildNode.sleep(random.nextInt(500));
        bob.start();
        phase.accept("Bob killed and restarted");
      }
      aliceSender.join(SETTLE.toMillis());
      bobThread.join(SETTLE.toMillis());
      phase.accept("senders done");
      assertThat(aliceSender.isAlive() || bobThread.isAlive()).as("senders finished").isFalse();
      assertThat(bobSender.failure).as("Bob's API answered only 201 or failed to connect").isNull();

      Set<String> bobAcked = bobAttempts.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
          .collect(Collectors.toSet());
      assertThat(bobAcked).hasSize(MESSAGES_EACH_WAY);
      await("every message of Alice's delivered", () -> aliceSent.stream()
          .allMatch(id -> alice.messaging().message(id).orElseThrow().state() == MessageState.DELIVERED));
      await("every acknowledged message of Bob's at Alice", () -> incomingTexts(alice, bobId).keySet()
          .containsAll(bobAcked));

      phase.accept("all delivered");
      Map<String, Long> atAlice = incomingTexts(alice, bobId);
      assertThat(atAlice.entrySet()).as("messages shown twice at Alice").allMatch(e -> e.getValue() == 1);
      assertThat(bobAttempts.keySet()).as("Alice shows only what Bob sent").containsAll(atAlice.keySet());

      bob.stop();
      assertThat(bob.logTail()).as("a node stopped by SIGTERM says so").contains("samizdat node stopped");
      System.out.println("Bob was started " + bob.starts() + " times; Alice saw " + ledger.keysSeen()
          + " message keys of Bob's");
      assertThat(ledger.reusedKeys()).as("message keys reused by Bob").isEmpty();
      assertThat(ledger.keysSeen()).isGreaterThanOrEqualTo(MESSAGES_EACH_WAY);

      Set<String> aliceTexts = aliceSent.stream()
          .map(id -> alice.messaging().message(id).orElseThrow().body()).collect(Collectors.toSet());
      NodeConfig bobConfig = NodeConfig.DEFAULTS.withListen(List.of("/ip4/127.0.0.1/tcp/0")).withApiPort(0)
          .withBootstrap(List.of());
      try (Node bobAgain = Node.start(bobHome, bobConfig, Optional.empty(), List.of())) {
        phase.accept("Bob restarted in-process");
        Map<String, Long> atBob = incomingTexts(bobAgain, alice.peerId());
        assertThat(atBob.entrySet()).as("messages shown twice at Bob").allMatch(e -> e.getValue() == 1);
        assertThat(atBob.keySet()).as("Alice's delivered messages at Bob").isEqualTo(aliceTexts);
        Map<String, Long> outgoing = bobAgain.messaging().history(alice.peerId()).stream()
            .filter(MessageView::outgoing).collect(Collectors.groupingBy(MessageView::body, Collectors.counting()));
        assertThat(outgoing.keySet()).as("Bob's acknowledged messages in his own history").containsAll(bobAcked);
        assertThat(outgoing.values()).allMatch(n -> n == 1);
      }
    }
  }

  private NodeHome home(String name, SecureRandom random) {
    NodeHome home = new NodeHome(root.resolve(name));
    NodeIdentity.create(home, Optional.empty(), random);
    return home;
  }

  private static Map<String, Long> incomingTexts(Node node, PeerId from) {
    return node.messaging().history(from).stream().filter(m -> !m.outgoing())
        .collect(Collectors.groupingBy(MessageView::body, Collectors.counting()));
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + SETTLE.toSeconds() + " s waiting for " + what);
      }
      ChildNode.sleep(100);
    }
  }

  /**
   * Sends through Bob's API until {@link #MESSAGES_EACH_WAY} were answered 201. Every attempt has
   * its own text: one that got no answer may or may not have been queued, so it may show at most once.
   */
  private static final class ApiSender implements Runnable {
    private final ChildNode bob;
    private final PeerId to;
    private final Map<String, Boolean> attempts;
    private final Random pace;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    volatile String failure;

    ApiSender(ChildNode bob, PeerId to, Map<String, Boolean> attempts, Random pace) {
      this.bob = bob;
      this.to = to;
      this.attempts = attempts;
      this.pace = pace;
    }

    @Override
    public void run() {
      int acked = 0;
      for (int attempt = 0; acked < MESSAGES_EACH_WAY; attempt++) {
        String text = "b" + acked + "." + attempt;
        attempts.put(text, false);
        try {
          HttpRequest request = HttpRequest.newBuilder(URI.create(bob.apiUrl() + "/api/messages"))
              .header("Authorization", "Bearer " + bob.token()).header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(5))
              .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + to.toBase58() + "\",\"text\":\"" + text + "\"}"))
              .build();
          HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 201) {
            attempts.put(text, true);
            acked++;
            ChildNode.sleep(pace.nextInt(30));
          } else if (response.statusCode() != 503) {
            failure = "API answered " + response.statusCode() + ": " + response.body();
            return;
          }
        } catch (IOException e) {
          ChildNode.sleep(100); // Bob is down: try again with a new text
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
