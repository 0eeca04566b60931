package dev.samizdat.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.api.ApiServer;
import dev.samizdat.node.api.ApiToken;
import dev.samizdat.node.api.EventHub;
import dev.samizdat.node.api.routes.Replies;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The local API of real nodes: documented statuses and error texts, and live events. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiTest {
  @TempDir static Path root;
  private TestNodes nodes;
  private Node alice;
  private Node bob;
  private String token;
  private final HttpClient http = HttpClient.newHttpClient();
  /** For the event stream: each test's socket stays open until the class ends, listening for its own type. */
  private Vertx vertx;
  private WebSocketClient webSockets;

  @BeforeAll
  void start() throws Exception {
    nodes = new TestNodes(root);
    alice = nodes.start("alice", List.of());
    bob = nodes.start("bob", alice.listenAddresses());
    token = Files.readString(root.resolve("alice/api.token")).trim();
    vertx = Vertx.vertx();
    webSockets = vertx.createWebSocketClient();
  }

  @AfterAll
  void stop() {
    webSockets.close().await(); // not before: Vert.x closes a client once nothing refers to it
    vertx.close().await();
    nodes.close();
  }

  @Test
  void nodeInfoAndAddressFile() throws Exception {
    var r = send("GET", "/api/node", null, token);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject node = new JsonObject(r.body());
    assertThat(node.getString("peerId")).isEqualTo(alice.peerId().toBase58());
    assertThat(node.getString("link")).isEqualTo("samizdat:peer/" + alice.peerId().toBase58());
    assertThat(Files.readString(root.resolve("alice/api.address")).trim())
        .isEqualTo(URI.create(alice.apiUrl()).getAuthority());
    assertThat(new JsonObject(send("GET", "/api/status", null, token).body()).getJsonObject("dht")
        .getInteger("routingTableSize")).isPositive();
  }

  @Test
  void missingOrWrongTokenIs401() throws Exception {
    assertError(send("GET", "/api/contacts", null, null), 401, "API token");
    assertError(send("GET", "/api/contacts", null, "not-the-token"), 401, "API token");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertError(send("POST", "/api/contacts", "{\"peer\": ", token), 400, "not valid JSON");
    assertError(send("POST", "/api/messages", "[1,2]", token), 400, "JSON");
  }

  @Test
  void unknownContactIs404() throws Exception {
    assertError(send("POST", "/api/messages", "{\"to\":\"nobody\",\"text\":\"hi\"}", token), 404,
        "unknown contact 'nobody'");
    assertError(send("GET", "/api/contacts/nobody/safety-number", null, token), 404, "unknown contact");
    assertError(send("POST", "/api/contacts", "{\"peer\":\"nobody\",\"name\":\"N\"}", token), 404,
        "unknown contact 'nobody'");
    assertError(send("POST", "/api/contacts", "{\"peer\":\"samizdat:channel/" + bob.peerId() + "\"}", token), 400,
        "the link of a channel or blocklist, not of a person");
  }

  @Test
  void aMistypedPeerIdOrLinkSaysWhatIsWrongWithItRatherThanThatNoContactHasThatName() throws Exception {
    String id = bob.peerId().toBase58();
    String truncated = id.substring(0, id.length() - 1);
    // A one-character change that still decodes as base58 and as a multihash, but not as an Ed25519 key.
    String badKey = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".chars()
        .mapToObj(c -> id.substring(0, id.length() - 1) + (char) c)
        .filter(candidate -> {
          try {
            return dev.samizdat.libp2p.PeerId.parse(candidate).publicKey().isEmpty();
          } catch (IllegalArgumentException e) {
            return false;
          }
        })
        .findFirst().orElseThrow();
    for (String mistyped : List.of(truncated, "samizdat:peer/" + truncated, badKey, id.substring(0, 20) + "0" + id.substring(21))) {
      assertError(send("POST", "/api/messages", "{\"to\":\"" + mistyped + "\",\"text\":\"hi\"}", token), 400,
          "'" + mistyped + "' is not a valid peer id: a character is missing, extra or wrong");
      assertError(send("POST", "/api/contacts", "{\"peer\":\"" + mistyped + "\",\"name\":\"B\"}", token), 400,
          "is not a valid peer id");
    }
    assertError(send("POST", "/api/messages", "{\"to\":\"/ip4/127.0.0.1/tcp/1/p2p\",\"text\":\"hi\"}", token), 400,
        "'/ip4/127.0.0.1/tcp/1/p2p' is not a peer id, link or address: ");
    assertError(send("POST", "/api/contacts", "{\"peer\":\"" + id + "\",\"name\":\"/ip4/127.0.0.1/tcp/1/p2p/" + id + "\"}",
        token), 400, "may not be a peer id, link or address");
    assertError(send("POST", "/api/contacts", "{\"peer\":\"samizdat:pear/" + id + "\",\"name\":\"B\"}", token),
        400, "'samizdat:pear/" + id + "' is not a samizdat link of a person: those begin samizdat:peer/");
    // A hashed-key id (RSA, in the IPFS world) is well formed, only not a key samizdat uses.
    assertError(send("POST", "/api/messages",
        "{\"to\":\"QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N\",\"text\":\"hi\"}", token), 400,
        "not an Ed25519 peer id");
    assertThat(new JsonObject(send("GET", "/api/contacts", null, token).body()).getJsonArray("contacts").stream()
        .map(c -> ((JsonObject) c).getString("name"))).as("nothing was added").doesNotContain("B");
  }

  @Test
  void emptyMessageIs400() throws Exception {
    String to = bob.peerId().toBase58();
    assertError(send("POST", "/api/messages", "{\"to\":\"" + to + "\",\"text\":\"\"}", token), 400, "empty");
    assertError(send("POST", "/api/messages", "{\"to\":\"" + to + "\",\"text\":\" \\n \"}", token), 400, "blank");
    for (String timer : List.of("99999999999999999999999", "1e20", "1.5", "-1", "\"1h\"")) {
      assertError(send("POST", "/api/messages", "{\"to\":\"" + to + "\",\"text\":\"x\",\"disappearAfterSeconds\":"
          + timer + "}", token), 400, "whole number");
    }
  }

  @Test
  void aBodyThatIsJsonButNotAnObjectIs400InWords() throws Exception {
    assertError(send("POST", "/api/messages", "[1,2]", token), 400, "must be a JSON object");
    var malformed = send("POST", "/api/messages", "{\"to\":", token);
    assertError(malformed, 400, "not valid JSON");
    assertThat(malformed.body()).doesNotContain("StreamReadFeature").doesNotContain("class ");
  }

  @Test
  void oversizedBodyIs413AndTheNodeKeepsServing() throws Exception {
    String big = "{\"to\":\"x\",\"text\":\"" + "a".repeat(2 << 20) + "\"}";
    assertError(send("POST", "/api/messages", big, token), 413, "larger than");
    assertThat(send("GET", "/api/node", null, token).statusCode()).isEqualTo(200);
  }

  @Test
  void contactsByNameAndSafetyNumber() throws Exception {
    var added = send("POST", "/api/contacts", "{\"peer\":\"samizdat:peer/" + bob.peerId() + "\",\"name\":\"Bob\"}", token);
    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(added.body()).getString("name")).isEqualTo("Bob");
    JsonObject number = new JsonObject(send("GET", "/api/contacts/bob/safety-number", null, token).body());
    assertThat(number.getString("digits")).hasSize(60);
    assertThat(number.getBoolean("verified")).isFalse();
  }

  @Test
  void removingAContactAnswersWhatWasForgottenAndSaysWhyItCannotBeRepeated() throws Exception {
    String dora = strangerId();
    assertThat(addContact(dora, "Dora")).isEqualTo(201);
    var removed = send("DELETE", "/api/contacts/dora", null, token);
    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
    JsonObject answer = new JsonObject(removed.body());
    assertThat(answer.getJsonObject("contact").getString("name")).isEqualTo("Dora");
    assertThat(answer.getJsonObject("contact").getString("peerId")).isEqualTo(dora);
    assertThat(answer.getBoolean("chatKept")).isFalse();
    assertError(send("DELETE", "/api/contacts/dora", null, token), 404, "unknown contact 'dora'");
    assertError(send("DELETE", "/api/contacts/" + dora, null, token), 404,
        dora + " is not a contact (never added, or removed already)");

    // Written to, Erin is an unnamed contact whose chat keeps her listed: nothing to forget.
    String erin = strangerId();
    assertThat(send("POST", "/api/messages", "{\"to\":\"" + erin + "\",\"text\":\"hi\"}", token).statusCode())
        .isEqualTo(201);
    assertError(send("DELETE", "/api/contacts/samizdat:peer%2F" + erin, null, token), 409,
        erin + " has no name or verified mark to forget");
  }

  @Test
  void webSocketDeliversAMessageEventLive() throws Exception {
    var events = events("message");
    bob.messaging().send(alice.peerId(), "live");
    JsonObject received = events.poll(30, TimeUnit.SECONDS);
    assertThat(received).isNotNull();
    assertThat(received.getJsonObject("message").getString("text")).isEqualTo("live");
    assertThat(received.getJsonObject("message").getString("direction")).isEqualTo("in");
    assertThat(received.getJsonObject("message").getString("peerId")).isEqualTo(bob.peerId().toBase58());
    // What the user sends, from any client, shows in every open one.
    alice.messaging().send(bob.peerId(), "and back");
    JsonObject sent = events.poll(30, TimeUnit.SECONDS);
    assertThat(sent).isNotNull();
    assertThat(sent.getJsonObject("message").getString("text")).isEqualTo("and back");
    assertThat(sent.getJsonObject("message").getString("direction")).isEqualTo("out");
    assertThat(sent.getJsonObject("message").getString("state")).isEqualTo("queued");
  }

  @Test
  void everyChangeToAContactIsAnEventWithTheContactAsItIsNow() throws Exception {
    var events = events("contact");
    String gina = strangerId();
    assertThat(addContact(gina, "Gina")).isEqualTo(201);
    assertContactEvent(events.poll(10, TimeUnit.SECONDS), "added", gina, "Gina", false);
    // Added again under the name she has: nothing changed, nothing to tell; the next event is the rename.
    assertThat(addContact(gina, "Gina")).isEqualTo(201);
    assertThat(addContact("gina", "Georgina")).isEqualTo(201);
    assertContactEvent(events.poll(10, TimeUnit.SECONDS), "renamed", gina, "Georgina", false);
    assertThat(send("POST", "/api/contacts/georgina/verified", "{\"verified\":true}", token).statusCode())
        .isEqualTo(200);
    assertContactEvent(events.poll(10, TimeUnit.SECONDS), "verified", gina, "Georgina", true);
    assertThat(send("POST", "/api/contacts/georgina/verified", "{\"verified\":false}", token).statusCode())
        .isEqualTo(200);
    assertContactEvent(events.poll(10, TimeUnit.SECONDS), "unverified", gina, "Georgina", false);
    assertThat(send("DELETE", "/api/contacts/georgina", null, token).statusCode()).isEqualTo(200);
    assertContactEvent(events.poll(10, TimeUnit.SECONDS), "removed", gina, "Georgina", false);
    assertThat(events.poll(1, TimeUnit.SECONDS)).as("one event for each change").isNull();
  }

  @Test
  void aMessageThatChangesTheChatsTimerIsATimerEventByYouAsTheContactsCommandIs() throws Exception {
    var events = events("disappearing-timer");
    String ida = strangerId();
    assertThat(addContact(ida, "Ida")).isEqualTo(201);
    String twoHours = "{\"to\":\"Ida\",\"text\":\"x\",\"disappearAfterSeconds\":7200}";
    assertThat(send("POST", "/api/messages", twoHours, token).statusCode()).isEqualTo(201);
    JsonObject changed = events.poll(10, TimeUnit.SECONDS);
    assertThat(changed).as("a disappearing-timer event").isNotNull();
    assertThat(changed.getString("peerId")).isEqualTo(ida);
    assertThat(changed.getLong("seconds")).isEqualTo(7200);
    assertThat(changed.getString("by")).isEqualTo("you");
    // The same timer again, given or not, changes nothing; the next event is the contacts command's.
    assertThat(send("POST", "/api/messages", twoHours, token).statusCode()).isEqualTo(201);
    assertThat(send("POST", "/api/messages", "{\"to\":\"Ida\",\"text\":\"y\"}", token).statusCode())
        .isEqualTo(201);
    assertThat(send("POST", "/api/contacts/Ida/disappearing", "{\"seconds\":60}", token).statusCode())
        .isEqualTo(200);
    JsonObject set = events.poll(10, TimeUnit.SECONDS);
    assertThat(set).isNotNull();
    assertThat(set.getLong("seconds")).isEqualTo(60);
    assertThat(set.getString("by")).isEqualTo("you");
  }

  /** POST /api/contacts naming {@code peer} (an id, link or name) {@code name}; returns the status. */
  private int addContact(String peer, String name) throws Exception {
    return send("POST", "/api/contacts", new JsonObject().put("peer", peer).put("name", name).encode(), token)
        .statusCode();
  }

  private static void assertContactEvent(JsonObject event, String change, String peerId, String name, boolean verified) {
    assertThat(event).as("a %s event", change).isNotNull();
    assertThat(event.getString("change")).isEqualTo(change);
    JsonObject contact = event.getJsonObject("contact");
    assertThat(contact.getString("peerId")).isEqualTo(peerId);
    assertThat(contact.getString("link")).isEqualTo("samizdat:peer/" + peerId);
    assertThat(contact.getString("name")).isEqualTo(name);
    assertThat(contact.getBoolean("verified")).isEqualTo(verified);
    assertThat(contact.getLong("disappearingSeconds")).isZero();
  }

  @Test
  void aConversationAnswersWhomTheNameInItsPathStandsFor() throws Exception {
    String hana = strangerId();
    assertThat(addContact(hana, "Hana")).isEqualTo(201);
    // As the CLI's "samizdat history hana": case and look-alike forms (full-width letters) aside, a name is one name.
    for (String asTyped : List.of("Hana", "hANA", "%EF%BD%88%EF%BD%81%EF%BD%8E%EF%BD%81", hana)) {
      var page = send("GET", "/api/conversations/" + asTyped + "/messages", null, token);
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      assertThat(new JsonObject(page.body()).getString("peerId")).as(asTyped).isEqualTo(hana);
    }
  }

  @Test
  void aFieldOfTheWrongTypeOrAnIdentifierThatDoesNotParseIs400InPlainWords() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      ApiToken token = ApiToken.generate(new java.security.SecureRandom());
      ApiServer server = ApiServer.start(vertx, "127.0.0.1", 0, false, token, new EventHub(), router ->
          {
            router.post("/api/typed").handler(c -> c.json(new JsonObject().put("n", Replies.body(c).getLong("n"))));
            router.post("/api/parsed").handler(c -> {
              throw new IllegalArgumentException("'x' is not a peer id");
            });
          });
      var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/typed"))
          .header("Authorization", "Bearer " + token.value()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"two\"}")).build();
      assertError(http.send(request, HttpResponse.BodyHandlers.ofString()), 400, "wrong type");
      var parsed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/parsed"))
          .header("Authorization", "Bearer " + token.value()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(parsed.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(parsed.body()).getString("error")).as("the parser's words, as they are")
          .isEqualTo("'x' is not a peer id");
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void webSocketWithoutTokenIsRefusedWithAJsonError() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      URI api = URI.create(alice.apiUrl());
      var attempt = vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost(api.getHost())
          .setPort(api.getPort()).setURI("/api/events")).toCompletionStage().toCompletableFuture();
      assertThat(attempt).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOfSatisfying(UpgradeRejectedException.class, rejected -> {
            assertThat(rejected.getStatus()).isEqualTo(401);
            assertThat(new JsonObject(rejected.getBody()).getString("error")).startsWith("missing or wrong API token");
          });
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aTextFieldOfAnotherTypeIsRefusedNotTurnedIntoText() throws Exception {
    String to = bob.peerId().toBase58();
    assertError(send("POST", "/api/messages", "{\"to\":\"" + to + "\",\"text\":[\"x\"]}", token), 400,
        "'text' must be a string");
  }

  @Test
  void textWithHalfASurrogatePairIsRefusedRatherThanStoredWithAQuestionMark() throws Exception {
    String to = bob.peerId().toBase58();
    // JSON's escapes can say what no UTF-8 text holds: a high or low surrogate alone.
    assertError(send("POST", "/api/messages", "{\"to\":\"" + to + "\",\"text\":\"\\ud800\"}", token), 400,
        "'text' is not valid Unicode text: it holds \\ud800, half of a surrogate pair without the other half");
    assertError(send("POST", "/api/messages", "{\"to\":\"" + to + "\",\"text\":\"ok \\udc00\\ud83d\"}", token),
        400, "\\udc00");
    String jo = strangerId();
    assertError(send("POST", "/api/contacts", "{\"peer\":\"" + jo + "\",\"name\":\"Jo\\ud83d\"}", token), 400,
        "'name' is not valid Unicode text");
    assertThat(new JsonObject(send("GET", "/api/contacts", null, token).body()).getJsonArray("contacts").stream()
        .map(c -> ((JsonObject) c).getString("peerId"))).as("nothing was added").doesNotContain(jo);

    // A pair, escaped, is one character like any other.
    var paired = send("POST", "/api/messages", "{\"to\":\"" + to + "\",\"text\":\"\\ud83d\\ude00\"}", token);
    assertThat(paired.statusCode()).as(paired.body()).isEqualTo(201);
    assertThat(new JsonObject(paired.body()).getString("text")).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void theEventStreamAskedForWithoutAWebSocketHandshakeSaysWhatItIs() throws Exception {
    assertError(send("GET", "/api/events", null, token), 400, "is a WebSocket");
  }

  /** The events of one type that Alice's node sends, from the moment this returns, while client is open. */
  private BlockingQueue<JsonObject> events(String type) throws Exception {
    URI api = URI.create(alice.apiUrl());
    var events = new LinkedBlockingQueue<JsonObject>();
    var socket = webSockets.connect(new WebSocketConnectOptions().setHost(api.getHost())
        .setPort(api.getPort()).setURI("/api/events").addHeader("Authorization", "Bearer " + token))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> {
      JsonObject json = new JsonObject(text);
      if (type.equals(json.getString("type"))) {
        events.add(json);
      }
    });
    return events;
  }

  /** The peer id of someone no node here knows. */
  private static String strangerId() {
    return PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom()).publicKey()).toBase58();
  }

  private HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(alice.apiUrl() + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> response, int status, String text) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(new JsonObject(response.body()).getString("error")).contains(text);
  }
}
