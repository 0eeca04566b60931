package dev.samizdat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.node.cli.CliRun;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a client of real nodes: readable output, --json, and one-line errors with exit code 1. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CliAgainstNodeTest {
  @TempDir Path root;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private static void assertOneLineError(CliRun run, String text) {
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("samizdat: ").contains(text).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void aHomeWithoutARunningNodeIsOneClearLine() throws Exception {
    Path empty = root.resolve("empty");
    Files.createDirectories(empty);
    assertOneLineError(run("status", "--home", empty.toString()),
        "no node is running with home " + empty + ", or it is still starting (start one with: samizdat up --home " + empty + ")");
    assertOneLineError(run("status", "--home", ""), "--home needs a directory");

    Files.writeString(empty.resolve("api.address"), "127.0.0.1:9\n");
    Files.writeString(empty.resolve("api.token"), "token\n");
    assertOneLineError(run("id", "--home", empty.toString()),
        "not running or not reachable (start it with: samizdat up --home " + empty + ")");
  }

  @Test
  void aStartThatFailsLeavesTheNodeRunningInTheSameHomeReachable() throws Exception {
    try (TestNodes nodes = new TestNodes(root)) {
      Node alice = nodes.start("alice", List.of());
      String home = root.resolve("alice").toString();
      assertThatThrownBy(() -> nodes.start("alice", List.of())).hasMessageContaining("in use by another samizdat process");
      assertThat(run("id", "--home", home).exitCode()).isZero();

      int apiPort = URI.create(alice.apiUrl()).getPort();
      assertThatThrownBy(() -> Node.start(nodes.home("bob"), TestNodes.config(0, List.of()).withApiPort(apiPort),
          Optional.empty(), List.of()))
          .isInstanceOf(NodeStartException.class).hasMessageContaining("cannot listen on 127.0.0.1:" + apiPort);
      assertThat(run("id", "--home", home).exitCode()).isZero();
    }
  }

  @Test
  void aPingOrConnectByAddressToAConnectedPeerLeavesNoSpareConnection() throws Exception {
    try (TestNodes nodes = new TestNodes(root)) {
      Node alice = nodes.start("alice", List.of());
      Node bob = nodes.start("bob", alice.listenAddresses());
      String home = root.resolve("alice").toString();
      TestNodes.await("alice and bob are connected", java.time.Duration.ofSeconds(10),
          () -> !alice.host().connections(bob.peerId()).isEmpty());
      int before = alice.host().connections(bob.peerId()).size();
      String bobAddress = bob.listenAddresses().get(0).toString();

      for (int i = 0; i < 3; i++) {
        CliRun ping = run("ping", bobAddress, "--home", home);
        assertThat(ping.exitCode()).as(ping.err()).isZero();
        CliRun connect = run("peers", "connect", bobAddress, "--home", home);
        assertThat(connect.exitCode()).as(connect.err()).isZero();
      }
      TestNodes.await("the connections made to test bob's address are closed", java.time.Duration.ofSeconds(10),
          () -> alice.host().connections(bob.peerId()).size() == before);
      assertThat(run("ping", bob.peerId().toBase58(), "--home", home).exitCode()).isZero();
      TestNodes.await("identify tells alice bob's agent", java.time.Duration.ofSeconds(10),
          () -> alice.host().peerStore().get(bob.peerId()).flatMap(p -> p.agentVersion()).isPresent());
      assertThat(run("peers", "--home", home).out())
          .containsPattern(bob.peerId() + "  connected {6}/ip4/127\\.0\\.0\\.1/tcp/\\d+  \\(samizdat/[^)]+\\)\n");
    }
  }

  @Test
  void commandsAgainstRunningNodes() throws Exception {
    try (TestNodes nodes = new TestNodes(root)) {
      Node alice = nodes.start("alice", List.of());
      Node bob = nodes.start("bob", alice.listenAddresses());
      String home = root.resolve("alice").toString();

      CliRun id = run("id", "--home", home);
      assertThat(id.exitCode()).isZero();
      assertThat(id.out()).contains("peer id:  " + alice.peerId()).contains("api:      " + alice.apiUrl());
      assertThat(run("web", "--home", home).out()).startsWith(alice.apiUrl() + "/?login=");
      CliRun json = run("id", "--home", home, "--json");
      assertThat(new JsonObject(json.out()).getString("peerId")).isEqualTo(alice.peerId().toBase58());

      // The address 'up' prints to share names the peer as well as the link does.
      String bobAddress = bob.listenAddresses().get(0).toString();
      assertThat(bobAddress).endsWith("/p2p/" + bob.peerId());
      CliRun added = run("contacts", "add", bobAddress, "--name", "Bob", "--home", home);
      assertThat(added.out()).as(added.err()).contains("added Bob  " + bob.peerId());
      assertOneLineError(run("contacts", "add", bob.listenAddresses().get(0).withoutP2p().toString(), "--home", home),
          "is an address without a peer id: give the peer id (12D3KooW…), or the address ending in /p2p/<peer id>");
      assertThat(run("contacts", "add", "samizdat:peer/" + bob.peerId(), "--name", "Bob", "--home", home).out())
          .startsWith("already a contact: Bob  ");
      assertThat(run("contacts", "--home", home).out()).contains("Bob  " + bob.peerId());
      assertThat(run("contacts", "add", bob.peerId().toBase58(), "--home", home).out())
          .startsWith("already a contact: Bob  ");
      assertThat(run("contacts", "add", bob.peerId().toBase58(), "--name", "Robert", "--home", home).out())
          .startsWith("renamed from Bob: Robert  ");
      assertThat(run("contacts", "add", "robert", "--name", "Bob", "--home", home).out())
          .startsWith("renamed from Robert: Bob  ");
      assertOneLineError(run("contacts", "add", "Nobody", "--home", home), "unknown contact 'Nobody'");

      CliRun sent = run("send", "Bob", "hello from the command line", "--home", home);
      assertThat(sent.exitCode()).as(sent.err()).isZero();
      assertThat(sent.out()).startsWith("queued ").endsWith(" to Bob (" + bob.peerId() + ")\n")
          .doesNotContain("first message");
      TestNodes.await("bob receives", java.time.Duration.ofSeconds(30),
          () -> !bob.messaging().inbox(dev.samizdat.node.messaging.InboxFilter.all()).isEmpty());
      assertThat(run("history", "bob", "--home", home).out()).contains("to Bob [").contains("hello from the command line");
      // Bob reads it from his command line, and Alice learns it.
      String bobHome = root.resolve("bob").toString();
      assertThat(run("read", alice.peerId().toBase58(), "--home", bobHome).out())
          .isEqualTo("marked 1 message from " + alice.peerId().toBase58() + " as read\n");
      TestNodes.await("the read receipt", java.time.Duration.ofSeconds(30),
          () -> run("history", "bob", "--home", home).out().contains("to Bob [read]"));

      assertOneLineError(run("contacts", "disappearing", "Bob", "29d", "--home", home), "at most 28d; got '29d'");
      assertOneLineError(run("contacts", "disappearing", "Bob", "-1h", "--home", home), "got '-1h'");
      assertThat(run("contacts", "disappearing", "Bob", "off", "--home", home).out())
          .isEqualTo("messages with Bob already do not disappear\n");
      assertThat(run("contacts", "disappearing", "Bob", "2h", "--home", home).out())
          .startsWith("messages with Bob now disappear 2").endsWith("(their node learns it with your next message)\n");
      assertThat(run("contacts", "disappearing", "Bob", "0", "--home", home).out())
          .isEqualTo("messages with Bob no longer disappear (their node learns it with your next message)\n");
      CliRun disappearing = run("send", "Bob", "gone in an hour", "--disappear", "1h", "--home", home);
      assertThat(disappearing.exitCode()).as(disappearing.err()).isZero();
      assertThat(run("history", "bob", "--home", home).out()).containsPattern("gone in an hour  \\(disappears .+\\)");
      // The newest first; earlier ones a page at a time, read from the end of the history.
      JsonObject newest = new JsonObject(run("history", "bob", "--limit", "1", "--json", "--home", home).out());
      assertThat(newest.getJsonArray("messages")).singleElement()
          .satisfies(m -> assertThat(((JsonObject) m).getString("text")).isEqualTo("gone in an hour"));
      assertThat(newest.getBoolean("earlier")).isTrue();
      String newestId = newest.getJsonArray("messages").getJsonObject(0).getString("id");
      assertThat(run("history", "bob", "--limit", "1", "--home", home).out())
          .startsWith("(earlier messages: samizdat history bob --before " + newestId + " --home " + home + ")");
      JsonObject earlier = new JsonObject(run("history", "bob", "--before", newestId, "--json", "--home", home).out());
      assertThat(earlier.getJsonArray("messages")).singleElement()
          .satisfies(m -> assertThat(((JsonObject) m).getString("text")).isEqualTo("hello from the command line"));
      assertThat(earlier.getBoolean("earlier")).isFalse();
      assertOneLineError(run("history", "bob", "--before", "00".repeat(16), "--home", home), "no message");
      assertThat(run("contacts", "--home", home).out()).contains("Bob  " + bob.peerId() + "  messages disappear after 1h");
      assertThat(run("contacts", "disappearing", "Bob", "90s", "--home", home).out())
          .contains("messages with Bob now disappear 90s after they are sent");
      assertThat(alice.messaging().disappearingTimer(bob.peerId())).isEqualTo(java.time.Duration.ofSeconds(90));
      assertThat(run("contacts", "disappearing", "Bob", "off", "--home", home).out()).contains("no longer disappear");
      assertOneLineError(run("contacts", "disappearing", "Bob", "soon", "--home", home), "an age such as");
      assertOneLineError(run("contacts", "add", bob.peerId().toBase58(), "--name", alice.peerId().toBase58(),
          "--home", home), "may not be a peer id");
      assertOneLineError(run("contacts", "add", bob.peerId().toBase58(), "--name", "Bo\u001bb", "--home", home),
          "control characters");
      assertOneLineError(run("send", "Bob", "hi", "--disappear", "60d", "--home", home), "disappear");

      CliRun queued = run("send", "Bob", "to be deleted", "--home", home, "--json");
      String queuedId = new JsonObject(queued.out()).getString("id");
      assertThat(run("history", "Bob", "--ids", "--limit", "1", "--home", home).out())
          .containsPattern("(?:^|\n)" + queuedId + "  [-0-9: ]+  to Bob \\[[a-z ]+\\]: to be deleted\n$");
      assertThat(run("delete", queuedId, "--home", home).out()).startsWith("deleted 1 message from this node");
      assertOneLineError(run("delete", queuedId, "--home", home), "no message " + queuedId);
      assertOneLineError(run("delete", "not-an-id", "--home", home), "not a message id");
      assertOneLineError(run("delete", "--home", home), "name one message id, or a chat");
      CliRun chat = run("delete", "--chat", "Bob", "--home", home);
      assertThat(chat.exitCode()).as(chat.err()).isZero();
      assertThat(chat.out()).containsPattern("deleted \\d+ messages from this node");
      String nobody = dev.samizdat.libp2p.PeerId.fromPublicKey(
          dev.samizdat.crypto.Ed25519PrivateKey.generate(new java.security.SecureRandom()).publicKey()).toBase58();
      assertThat(run("send", nobody, "to a node never seen", "--home", home).out())
          .contains("a first message to " + nobody + ", who is not among your contacts")
          .contains("'samizdat delete --chat " + nobody + "' cancels it");
      assertThat(run("delete", "--chat", nobody, "--home", home).out()).startsWith("deleted 1 message from this node")
          .endsWith("1 of them had not left this node yet, and is not sent\n");
      // Unnamed, they were listed for the chat only, and went with it.
      assertOneLineError(run("contacts", "remove", nobody, "--home", home), nobody + " is not a contact");
      assertThat(run("contacts", "add", nobody, "--home", home).exitCode()).isZero();
      assertThat(run("contacts", "remove", nobody, "--home", home).out())
          .isEqualTo("removed " + nobody + ": there was no name or verified mark to forget\n");
      assertThat(run("history", "Bob", "--home", home).out()).doesNotContain("hello from the command line");

      CliRun verify = run("contacts", "verify", "samizdat:peer/" + bob.peerId(), "--home", home);
      assertThat(verify.out()).startsWith("safety number with Bob:").contains("not verified: compare it with Bob");
      assertThat(run("contacts", "verify", "Bob", "--confirm", "--home", home).out()).endsWith("\nverified\n");
      assertThat(run("contacts", "verify", "Bob", "--unconfirm", "--home", home).out()).contains("not verified");
      assertThat(run("contacts", "verify", "Bob", "--confirm", "--unconfirm", "--home", home).exitCode()).isEqualTo(2);
      assertOneLineError(run("contacts", "verify", alice.peerId().toBase58(), "--home", home),
          "that is this node's own peer id, not a contact");

      CliRun ping = run("ping", "Bob", "--home", home);
      assertThat(ping.exitCode()).as(ping.err()).isZero();
      assertThat(ping.out()).contains(bob.peerId() + " answered in");
      CliRun pings = run("ping", "Bob", "--count", "2", "--home", home);
      assertThat(pings.exitCode()).as(pings.err()).isZero();
      assertThat(pings.out().lines()).hasSize(3).allMatch(line -> !line.isBlank());
      assertThat(pings.out()).containsPattern("(?s)answered in .*answered in .*\\n2 sent, 2 answered; round trip min / avg / max ");
      JsonObject pingsJson = new JsonObject(run("ping", "Bob", "-c", "2", "--json", "--home", home).out());
      assertThat(pingsJson.getInteger("answered")).isEqualTo(2);
      assertThat(pingsJson.getJsonArray("replies")).hasSize(2);
      assertThat(pingsJson.getDouble("minMillis")).isPositive().isLessThanOrEqualTo(pingsJson.getDouble("maxMillis"));
      assertOneLineError(run("ping", "Bob", "--count", "0", "--home", home), "--count takes 1 to 100 pings, not 0");
      assertThat(run("peers", "--home", home).out()).contains(bob.peerId() + "  connected");
      assertThat(run("dht", "find-peer", bob.peerId().toBase58(), "--home", home).out()).contains("/ip4/127.0.0.1/tcp/");
      CliRun foundByName = run("dht", "find-peer", "Bob", "--home", home);
      assertThat(foundByName.exitCode()).as(foundByName.err()).isZero();
      assertThat(foundByName.out()).startsWith(bob.peerId().toBase58()).contains("/ip4/127.0.0.1/tcp/");
      assertOneLineError(run("ping", alice.peerId().toBase58(), "--home", home), "this node's own peer id");
      assertOneLineError(run("ping", "samizdat:peer/" + alice.peerId(), "--home", home), "this node's own peer id");
      assertOneLineError(run("peers", "connect", "/ip4/8.8.8.8", "--home", home), "not a TCP address");
      assertOneLineError(run("dht", "find-peer", alice.peerId().toBase58(), "--home", home), "this node's own peer id");
      int closedPort;
      try (java.net.ServerSocket unused = new java.net.ServerSocket(0)) {
        closedPort = unused.getLocalPort();
      }
      // Bob is connected, but the address given is what a ping by address tests.
      assertOneLineError(run("ping", "/ip4/127.0.0.1/tcp/" + closedPort + "/p2p/" + bob.peerId(), "--home", home),
          "");
      CliRun unanswered = run("ping", "/ip4/127.0.0.1/tcp/" + closedPort + "/p2p/" + bob.peerId(), "-c", "2",
          "--home", home);
      assertThat(unanswered.out().lines()).hasSize(2).allMatch(line -> line.startsWith("no answer: "));
      assertOneLineError(unanswered, "no answer to 2 pings (last: ");
      assertOneLineError(run("ping", alice.listenAddresses().get(0).withoutP2p().toString(), "--home", home),
          "the remote is this host itself");
      assertOneLineError(run("ping", "/ip4/127.0.0.1/udp/4001", "--home", home), "not a TCP address");

      assertOneLineError(run("send", "Nobody", "hi", "--home", home), "unknown contact 'Nobody'");
      assertOneLineError(run("send", "Bob", "", "--home", home), "empty");
      assertOneLineError(run("inbox", "--since", "yesterday", "--home", home), "--since takes");
      // A time inbox prints is one --since takes back, and includes the messages of that minute.
      String bobsInbox = run("inbox", "--home", root.resolve("bob").toString()).out();
      var printed = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}").matcher(bobsInbox);
      assertThat(printed.find()).as(bobsInbox).isTrue();
      for (String since : List.of(printed.group(), printed.group().substring(0, 10), "1w")) {
        CliRun sinceThen = run("inbox", "--since", since, "--home", root.resolve("bob").toString());
        assertThat(sinceThen.exitCode()).as(sinceThen.err()).isZero();
        assertThat(sinceThen.out()).as(since).contains("hello from the command line");
      }
      assertOneLineError(run("inbox", "--limit", "5000", "--home", home), "--limit is 1..1000, got 5000");
      assertOneLineError(run("history", "Bob", "--limit", "0", "--home", home), "--limit is 1..1000, got 0");
      assertThat(run("inbox", "--limit", "1", "--home", root.resolve("bob").toString()).out())
          .contains("(the newest 1 shown; there may be more");
      CliRun jsonError = run("send", "Nobody", "hi", "--home", home, "--json");
      assertThat(jsonError.exitCode()).isEqualTo(1);
      assertThat(jsonError.out()).isEmpty();
      assertThat(jsonError.err().strip().lines()).hasSize(1);
      assertThat(new JsonObject(jsonError.err()).getString("error")).contains("unknown contact 'Nobody'");

      // Removing Bob forgets his name and mark; the chat stays, and the next command to type names his id.
      assertThat(run("send", "bob", "before removal", "--home", home).out()).as("the name as stored, not as typed")
          .endsWith(" to Bob (" + bob.peerId() + ")\n");
      String bobId = bob.peerId().toBase58();
      assertThat(run("contacts", "remove", "bob", "--home", home).out()).isEqualTo(
          "removed Bob (" + bobId + "): your name for them is forgotten\n"
          + "the chat with them stays on this node, listed without a name, and messages not yet delivered are still"
          + " sent; to delete it: samizdat delete --chat " + bobId + " --home " + home + "\n");
      assertThat(run("contacts", "--home", home).out()).isEqualTo("(no name)  " + bobId + "\n");
      assertOneLineError(run("contacts", "remove", "Bob", "--home", home), "unknown contact 'Bob'");
      assertOneLineError(run("contacts", "remove", bobId, "--home", home), "no name or verified mark to forget");
      // Without the chat, nothing lists him any more.
      assertThat(run("delete", "--chat", bobId, "--home", home).exitCode()).isZero();
      assertThat(run("contacts", "--home", home).out()).startsWith("no contacts yet");
      assertOneLineError(run("contacts", "remove", bobId, "--home", home), "is not a contact");

      Path token = root.resolve("alice/api.token");
      String tokenText = Files.readString(token);
      Files.delete(token);
      assertOneLineError(run("status", "--home", home), "the API token file " + token + " is missing");
      Files.writeString(token, tokenText);
      assertThat(run("status", "--home", home).exitCode()).isZero();
      Files.writeString(token, "wrong\n");
      assertOneLineError(run("status", "--home", home), "refused the API token");
    }
  }
}
