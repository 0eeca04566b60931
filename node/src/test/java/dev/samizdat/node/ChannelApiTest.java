package dev.samizdat.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.post.Post;
import dev.samizdat.node.channels.ChannelSettings;
import dev.samizdat.node.channels.ChannelsNodeService;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The channel endpoints of one real node, as the web client calls them: posts with files, paging. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelApiTest {
  @TempDir static Path root;
  private Node node;
  private String token;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    NodeHome home = new NodeHome(root.resolve("author"));
    NodeIdentity.create(home, Optional.empty(), new SecureRandom());
    node = Node.start(home, TestNodes.config(0, List.of()), Optional.empty(),
        List.of(new ChannelsNodeService(ChannelSettings.DEFAULTS)));
    token = Files.readString(home.apiTokenFile()).strip();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void sixteenFilesOfEighteenMebibytesInAllFitInOnePostWithTheirJson() throws Exception {
    String channel = createChannel("archive");
    long total = Post.MAX_FILES_BYTES;
    assertThat(total).isEqualTo(18L << 20);
    // The text at its longest and made of characters JSON escapes, the names at their longest.
    JsonObject post = post("\"\\".repeat(16 * 1024), files(16, total));
    var published = send("POST", "/api/channels/" + channel + "/posts", post.encode());
    assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
    JsonArray attachments = new JsonObject(published.body()).getJsonArray("attachments");
    assertThat(attachments).hasSize(16);
    assertThat(attachments.stream().mapToLong(a -> ((JsonObject) a).getLong("size")).sum()).isEqualTo(total);

    // One byte more is refused in words, whichever way it comes.
    var tooMuch = send("POST", "/api/channels/" + channel + "/posts", post("", files(16, total + 1)).encode());
    assertThat(tooMuch.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(tooMuch.body()).getString("error"))
        .contains("the files add up to 18874369 bytes", "at most 18874368 bytes of files");
  }

  @Test
  void olderPostsArePagedBackwardFromThePostBeforeWhichTheyCome() throws Exception {
    String channel = createChannel("diary");
    for (int day = 1; day <= 5; day++) {
      assertThat(send("POST", "/api/channels/" + channel + "/posts", new JsonObject().put("text", "day " + day)
          .encode()).statusCode()).isEqualTo(201);
    }
    JsonObject newest = get("/api/channels/" + channel + "/posts?limit=2");
    assertThat(texts(newest)).containsExactly("day 4", "day 5");
    assertThat(newest.getInteger("earlier")).isEqualTo(3);
    assertThat(newest.getJsonArray("hiddenPosts")).isEmpty();

    JsonObject before = get("/api/channels/" + channel + "/posts?before=4&limit=2");
    assertThat(texts(before)).containsExactly("day 2", "day 3");
    assertThat(before.getInteger("earlier")).isEqualTo(1);
    assertThat(before.getInteger("later")).isEqualTo(2);
    assertThat(texts(get("/api/channels/" + channel + "/posts?before=2&limit=200"))).containsExactly("day 1");

    var both = send("GET", "/api/channels/" + channel + "/posts?before=4&since=1", null);
    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(send("GET", "/api/channels/" + channel + "/posts?before=0", null).statusCode()).isEqualTo(400);
  }

  private static List<String> texts(JsonObject page) {
    return page.getJsonArray("posts").stream().map(p -> ((JsonObject) p).getString("text")).toList();
  }

  /** {@code count} files of {@code total} bytes together, each of different content. */
  private static JsonArray files(int count, long total) {
    JsonArray files = new JsonArray();
    for (int i = 0; i < count; i++) {
      long size = total / count + (i < total % count ? 1 : 0);
      byte[] content = new byte[(int) size];
      java.util.Arrays.fill(content, (byte) i);
      files.add(new JsonObject().put("data", Base64.getEncoder().encodeToString(content))
          .put("mediaType", "application/octet-stream").put("name", (i + "-").repeat(100).substring(0, 100)));
    }
    return files;
  }

  private static JsonObject post(String text, JsonArray files) {
    return new JsonObject().put("text", text).put("attachments", files);
  }

  private String createChannel(String name) throws Exception {
    var created = send("POST", "/api/channels", new JsonObject().put("name", name).encode());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("id");
  }

  private JsonObject get(String path) throws Exception {
    var response = send("GET", path, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(node.apiUrl() + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
