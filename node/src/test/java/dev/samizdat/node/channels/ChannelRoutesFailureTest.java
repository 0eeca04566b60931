package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.node.api.ApiServer;
import dev.samizdat.node.api.ApiToken;
import dev.samizdat.node.api.EventHub;
import dev.samizdat.node.channels.api.ChannelRoutes;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.FeedKind;
import dev.samizdat.node.messaging.memory.InMemoryNetwork;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of channel operations that are no bug reach the user through the real API as an answer in
 * words, not as a 500 "internal error" logged with a stack trace.
 */
@Timeout(60)
class ChannelRoutesFailureTest {
  private static final byte[] NO_PREVIOUS_ENTRY = new byte[FeedEntry.HASH_LENGTH];
  private final SecureRandom random = new SecureRandom();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  private TestNode node;
  private Vertx vertx;
  private ApiToken token;
  private ApiServer api;

  @BeforeEach
  void start() throws Exception {
    node = new TestNode(dir.resolve("reporter"), new InMemoryFeedDirectory()).withMessaging(new InMemoryNetwork());
    vertx = Vertx.vertx();
    token = ApiToken.generate(random);
    api = ApiServer.start(vertx, "127.0.0.1", 0, false, token, new EventHub(),
        router -> new ChannelRoutes(node.service).register(router));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    node.close();
  }

  @Test
  void aReportThatMessagingRefusesIsAnsweredWithItsReason() throws Exception {
    Ed25519PrivateKey moderator = Ed25519PrivateKey.generate(random);
    FeedId list = holdList(new Manifest(Manifest.Kind.BLOCKLIST, "anti-scam", "", List.of(),
        List.of(moderator.publicKey())).encode());
    node.messaging.close(); // as while the node shuts down

    HttpResponse<String> answer = report(list);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(new JsonObject(answer.body()).getString("error")).isEqualTo("messaging is closed");
  }

  @Test
  void aBlocklistWhoseStoredManifestIsDamagedIsUnavailableRatherThanAnInternalError() throws Exception {
    FeedId list = holdList(new byte[] {9, 9, 9});

    HttpResponse<String> answer = report(list);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
    assertThat(new JsonObject(answer.body()).getString("error"))
        .isEqualTo("the blocklist " + ChannelText.id(list) + " could not be found");
  }

  /** A blocklist held here whose only entry is a manifest with {@code body}, signed by a key of its own. */
  private FeedId holdList(byte[] body) throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    FeedId list = new FeedId(key.publicKey());
    node.service.call(() -> {
      node.service.store.append(FeedEntry.sign(list, 0, NO_PREVIOUS_ENTRY, System.currentTimeMillis(),
          ContentType.MANIFEST, body, key));
      return null;
    }).get(10, TimeUnit.SECONDS);
    node.service.hold(list, FeedKind.BLOCKLIST).get(10, TimeUnit.SECONDS);
    return list;
  }

  private HttpResponse<String> report(FeedId list) throws Exception {
    FeedId channel = new FeedId(Ed25519PrivateKey.generate(random).publicKey());
    JsonObject body = new JsonObject().put("target", "channel:" + ChannelText.id(channel))
        .put("list", ChannelText.id(list)).put("category", "scam");
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/reports"))
        .header("Authorization", "Bearer " + token.value()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
