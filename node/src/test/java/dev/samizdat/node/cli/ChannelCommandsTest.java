package dev.samizdat.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.node.Node;
import dev.samizdat.node.channels.ChannelSettings;
import dev.samizdat.node.channels.ChannelsNodeService;
import dev.samizdat.node.config.NodeConfig;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel and blocklist commands against two real nodes (the full assembly: DHT over libp2p,
 * the feed directory on it, the API), as a user types them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelCommandsTest {
  @TempDir Path root;

  private Node start(String name, List<Multiaddr> bootstrap) {
    NodeHome home = new NodeHome(root.resolve(name));
    NodeIdentity.create(home, Optional.empty(), new SecureRandom());
    NodeConfig config = NodeConfig.DEFAULTS.withListen(List.of("/ip4/127.0.0.1/tcp/0")).withApiPort(0)
        .withBootstrap(bootstrap.stream().map(Multiaddr::toString).toList());
    return Node.start(home, config, Optional.empty(), List.of(new ChannelsNodeService(
        ChannelSettings.DEFAULTS.withPullInterval(Duration.ofSeconds(1)))));
  }

  /**
   * A seed, an author and a reader. The third node is there as in any real network: KadDht.findProviders
   * asks other peers only, so in a network of two the reader would never hear of the record the author
   * left with it.
   */
  private record Network(Node seed, Node author, Node reader) implements AutoCloseable {
    @Override
    public void close() {
      reader.close();
      author.close();
      seed.close();
    }
  }

  private Network network() {
    Node seed = start("seed", List.of());
    return new Network(seed, start("author", seed.listenAddresses()), start("reader", seed.listenAddresses()));
  }

  private JsonObject run(String home, String... args) {
    String[] full = Arrays.copyOf(args, args.length + 3);
    full[args.length] = "--home";
    full[args.length + 1] = root.resolve(home).toString();
    full[args.length + 2] = "--json";
    CliRun run = CliRun.of(full);
    assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
    return new JsonObject(run.out());
  }

  @Test
  void aDescriptionOfAnotherTypeThanTextIsRefusedNotPublished() throws Exception {
    try (Node node = start("solo", List.of())) {
      String token = Files.readString(root.resolve("solo/api.token")).trim();
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(node.apiUrl() + "/api/channels")).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"description\":{\"a\":1}}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getString("error")).isEqualTo("'description' must be a string");
      assertThat(run("solo", "channels").getJsonArray("channels")).isEmpty();
    }
  }

  @Test
  void destroyingOnesOwnChannelOrListAsksForYesThenDeletesItHere() {
    try (Node node = start("solo", List.of())) {
      String home = root.resolve("solo").toString();
      run("solo", "channel", "create", "drafts");
      run("solo", "channel", "post", "drafts", "a first try");
      run("solo", "blocklist", "create", "tests");

      CliRun unasked = CliRun.of("channel", "destroy", "drafts", "--home", home);
      assertThat(unasked.exitCode()).isNotZero();
      assertThat(unasked.err()).contains("deletes your channel 'drafts' from this node with its key")
          .contains("--yes").doesNotContain("Exception");
      assertThat(run("solo", "channels").getJsonArray("channels")).hasSize(1);

      CliRun destroyed = CliRun.of("channel", "destroy", "drafts", "--yes", "--home", home);
      assertThat(destroyed.exitCode()).as(destroyed.err()).isZero();
      assertThat(destroyed.out()).startsWith("destroyed channel ").contains("its key and 2 entries are deleted here")
          .contains("its subscribers keep the posts they hold");
      assertThat(run("solo", "channels").getJsonArray("channels")).isEmpty();
      CliRun again = CliRun.of("channel", "destroy", "drafts", "--yes", "--home", home);
      assertThat(again.exitCode()).isNotZero();
      assertThat(again.err()).contains("'drafts' is neither");

      CliRun wrongKind = CliRun.of("channel", "destroy", "tests", "--yes", "--home", home);
      assertThat(wrongKind.exitCode()).isNotZero();
      assertThat(run("solo", "blocklist", "destroy", "tests", "--yes").getLong("entries")).isEqualTo(1);
      assertThat(run("solo", "blocklist", "list").getJsonArray("own")).isEmpty();
    }
  }

  @Test
  void destroyWithoutYesRefusesAtOnceWhatItWouldRefuseWithYes() {
    try (Node node = start("solo", List.of())) {
      String home = root.resolve("solo").toString();
      // Feeds that no peer serves: the subscription and the follow stay, held here but not this node's own.
      String channel = "samizdat:channel/" + node.peerId().toBase58();
      String list = "samizdat:channel/" + dev.samizdat.libp2p.PeerId.fromPublicKey(
          dev.samizdat.crypto.Ed25519PrivateKey.generate(new SecureRandom()).publicKey()).toBase58();
      run("solo", "channel", "subscribe", channel);
      run("solo", "blocklist", "follow", list);
      run("solo", "channel", "create", "drafts");

      CliRun subscribed = CliRun.of("channel", "destroy", channel, "--home", home);
      assertThat(subscribed.exitCode()).isNotZero();
      assertThat(subscribed.err()).contains("is not your channel: unsubscribe from it instead")
          .doesNotContain("--yes");
      CliRun followed = CliRun.of("blocklist", "destroy", list, "--home", home);
      assertThat(followed.exitCode()).isNotZero();
      assertThat(followed.err()).contains("is not your blocklist: unfollow it instead").doesNotContain("--yes");
      CliRun unknown = CliRun.of("channel", "destroy", "nosuch", "--home", home);
      assertThat(unknown.exitCode()).isNotZero();
      assertThat(unknown.err()).contains("'nosuch' is neither").doesNotContain("--yes");
      CliRun wrongKind = CliRun.of("blocklist", "destroy", "drafts", "--home", home, "--json");
      assertThat(wrongKind.exitCode()).isNotZero();
      assertThat(new JsonObject(wrongKind.err()).getString("error")).isEqualTo("'drafts' is a channel, not a blocklist");

      CliRun own = CliRun.of("channel", "destroy", "drafts", "--home", home);
      assertThat(own.exitCode()).isNotZero();
      assertThat(own.err()).contains("deletes your channel 'drafts'").contains("--yes");
      assertThat(run("solo", "channels").getJsonArray("channels")).hasSize(2);
    }
  }

  @Test
  void subscribingToAChannelNoPeerHasAnsweredForSaysSo() {
    JsonObject unknown = new JsonObject().put("name", "").put("link", "samizdat:channel/x").put("role", "subscriber")
        .put("sync", new JsonObject().put("have", 0).put("of", 0));
    StringWriter out = new StringWriter();
    new ChannelCommand.Subscribe().print(unknown, new PrintWriter(out));
    assertThat(out.toString()).contains("0/0 entries  serving peers online: 0")
        .contains("no peer serving this channel has answered yet");

    StringWriter found = new StringWriter();
    new ChannelCommand.Subscribe().print(unknown.copy().put("sync", new JsonObject().put("have", 2).put("of", 2)),
        new PrintWriter(found));
    assertThat(found.toString()).doesNotContain("no peer serving");
  }

  @Test
  void aFileThePolicyDropsOrHidesIsNotOfferedAWarnedOneIsMarkedAndADroppedChannelSaysWhy() {
    JsonObject channel = new JsonObject().put("id", "C").put("name", "news").put("link", "samizdat:channel/C")
        .put("role", "subscriber").put("sync", new JsonObject().put("have", 1).put("of", 1));
    JsonObject file = new JsonObject().put("blob", "ab12").put("size", 1).put("mediaType", "text/plain").put("name", "a.txt");
    JsonObject post = new JsonObject().put("sequence", 1).put("createdAt", 0L).put("text", "see the file")
        .put("decision", new JsonObject()).put("attachments", new JsonArray().add(file.copy().put("dropped", true)));
    StringWriter out = new StringWriter();
    new ChannelCommand.Read().print(new JsonObject().put("channel", channel).put("posts", new JsonArray().add(post)),
        new PrintWriter(out));
    assertThat(out.toString()).contains("file: a.txt (1 byte, text/plain): dropped by your policy (why: samizdat why blob:ab12)")
        .doesNotContain("channel download");

    StringWriter hiddenAndWarned = new StringWriter();
    post.put("attachments", new JsonArray()
        .add(file.copy().put("decision", new JsonObject().put("action", "hide")))
        .add(file.copy().put("blob", "cd34").put("decision", new JsonObject().put("action", "warn"))));
    new ChannelCommand.Read().print(new JsonObject().put("channel", channel).put("posts", new JsonArray().add(post)),
        new PrintWriter(hiddenAndWarned));
    assertThat(hiddenAndWarned.toString())
        .contains("file: a.txt (1 byte, text/plain): hidden by your policy (why: samizdat why blob:ab12)")
        .contains("file: a.txt (1 byte, text/plain) [warn]: samizdat channel download C cd34")
        .doesNotContain("channel download C ab12");

    StringWriter empty = new StringWriter();
    new ChannelCommand.Read().print(new JsonObject().put("posts", new JsonArray()).put("channel", channel.copy()
        .put("decision", new JsonObject().put("action", "drop"))), new PrintWriter(empty));
    assertThat(empty.toString()).contains("(your policy drops this channel: its posts are not kept here; why: samizdat why"
        + " channel:C)");
  }

  @Test
  void postsLeftOutByThePolicyAreNumberedWithTheCommandThatSaysWhyAndAPostOfOnlyAFileHasNoBlankLine() {
    JsonObject channel = new JsonObject().put("id", "C").put("name", "news").put("link", "samizdat:channel/C")
        .put("role", "subscriber").put("sync", new JsonObject().put("have", 4).put("of", 4));
    JsonObject fileOnly = new JsonObject().put("sequence", 2).put("createdAt", 0L).put("text", "")
        .put("decision", new JsonObject()).put("attachments", new JsonArray().add(new JsonObject().put("blob", "ab12")
            .put("size", 1).put("mediaType", "text/plain").put("name", "a.txt")));
    StringWriter out = new StringWriter();
    new ChannelCommand.Read().print(new JsonObject().put("channel", channel).put("posts", new JsonArray().add(fileOnly))
        .put("hidden", 2).put("hiddenPosts", new JsonArray().add(3).add(4)), new PrintWriter(out));
    assertThat(out.toString().lines().toList()).doesNotContain("  ", "")
        .contains("(2 posts not shown by your policy: #3, #4; why: samizdat why post:C/3)");
  }

  @Test
  void anAppealIsListedAgainstTheBlockWithoutTheCategoryItIsFiledUnder() {
    JsonObject appeal = new JsonObject().put("id", "r1").put("status", "open").put("target", "peer:P").put("count", 1)
        .put("appeal", true).put("categories", new JsonObject().put("other", 1)).put("notes", new JsonArray());
    JsonObject report = appeal.copy().put("id", "r2").put("appeal", false).put("count", 2)
        .put("categories", new JsonObject().put("spam", 2));
    StringWriter out = new StringWriter();
    new ReportsCommand().print(new JsonObject().put("items", new JsonArray().add(appeal).add(report)),
        new PrintWriter(out));
    assertThat(out.toString()).contains("r1  open  peer:P  1 appeal against the block\n")
        .contains("r2  open  peer:P  2 reporters  spam 2").doesNotContain("other");
  }

  @Test
  void aListFollowedForEveryCategorySaysAll() {
    JsonArray every = new JsonArray(Arrays.asList(BlocklistCommand.CATEGORIES.split(", ")));
    JsonObject list = new JsonObject().put("name", "mods").put("link", "samizdat:channel/L").put("role", "follower")
        .put("action", "hide").put("threshold", 1);
    StringWriter out = new StringWriter();
    BlocklistCommand.printList(list.copy().put("categories", every), new PrintWriter(out));
    BlocklistCommand.printList(list.copy().put("categories", new JsonArray().add("spam").add("scam")), new PrintWriter(out));
    assertThat(out.toString()).contains("at most hide, categories all, drop threshold 1")
        .contains("categories spam,scam,");
  }

  @Test
  void theCategoriesTheHelpNamesAreTheOnesThereAre() {
    assertThat(BlocklistCommand.CATEGORIES).isEqualTo(Arrays.stream(dev.samizdat.channels.policy.Category.values())
        .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(", ")));
  }

  @Test
  void whySaysWhenTheUsersOwnAllowIsWhatShowsATarget() {
    StringWriter out = new StringWriter();
    new WhyCommand().print(new JsonObject().put("source", "user").put("reasons", new JsonArray()), new PrintWriter(out));
    assertThat(out.toString()).startsWith("shown: you allowed it");
    StringWriter none = new StringWriter();
    new WhyCommand().print(new JsonObject().put("source", "none").put("reasons", new JsonArray()), new PrintWriter(none));
    assertThat(none.toString()).startsWith("shown: no rule");
  }

  @Test
  void whySaysWhenAFileIsDroppedThroughThePostsThatNameIt() {
    StringWriter out = new StringWriter();
    new WhyCommand().print(new JsonObject().put("action", "drop").put("source", "lists").put("throughPosts", true)
        .put("reasons", new JsonArray()), new PrintWriter(out));
    assertThat(out.toString()).startsWith("drop (by the lists you follow, on every post here that names this file)");
  }

  @Test
  void aFileOfAMegabyteAttachedOnTheCommandLineIsDownloadedByAReader() throws Exception {
    try (Network network = network()) {
      Node reader = network.reader();
      String link = run("author", "channel", "create", "archive").getString("link");
      String id = run("author", "channel", "read", link).getJsonObject("channel").getString("id");
      byte[] file = new byte[800_000];
      new SecureRandom().nextBytes(file);
      Path scan = Files.write(Files.createDirectories(root.resolve("files")).resolve("scan 1.html"), file);
      JsonObject posted = run("author", "channel", "post", link, "the scan\u001b[2J", "--file", scan.toString());
      JsonObject attachment = posted.getJsonArray("attachments").getJsonObject(0);
      assertThat(attachment.getString("name")).isEqualTo("scan 1.html");
      assertThat(attachment.getString("mediaType")).isEqualTo("text/html");
      String blob = attachment.getString("blob");

      run("reader", "channel", "subscribe", link);
      await(() -> run("reader", "channel", "read", link).getJsonArray("posts").size() == 1);
      CliRun read = CliRun.of("channel", "read", link, "--home", root.resolve("reader").toString());
      // What others wrote cannot drive the reader's terminal.
      assertThat(read.out()).contains("the scan\\x1b[2J").doesNotContain("\u001b");
      assertThat(read.out()).contains("file: scan 1.html (800000 bytes, text/html): samizdat channel download "
          + id + " " + blob + " --home " + root.resolve("reader"));

      // Saved under the author's name for it, and never over a file already there.
      ChannelCommand.Download download = new ChannelCommand.Download();
      download.channel = link;
      download.blob = blob;
      download.directory = Files.createDirectories(root.resolve("downloads"));
      ApiClient client = ApiClient.forHome(new NodeHome(root.resolve("reader")), "");
      assertThat(download.run(client).getLong("bytes")).isEqualTo(800_000);
      assertThat(root.resolve("downloads/scan 1.html")).hasBinaryContent(file);
      assertThat(org.junit.jupiter.api.Assertions.assertThrows(CliException.class, () -> download.run(client)))
          .hasMessageContaining("already exists: choose another name with --out");
      Path copy = root.resolve("downloads/copy.bin");
      assertThat(run("reader", "channel", "download", id, blob, "--out", copy.toString()).getString("path"))
          .isEqualTo(copy.toString());
      assertThat(copy).hasBinaryContent(file);
      Path folder = Files.createDirectories(root.resolve("folder"));
      run("reader", "channel", "download", id, blob, "--out", folder.toString());
      assertThat(folder.resolve("scan 1.html")).hasBinaryContent(file);
      try (var left = Files.list(root.resolve("downloads"))) {
        assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("scan 1.html", "copy.bin");
      }

      // Whatever the author claims the file is, a browser saves it rather than rendering it in the API's origin.
      HttpResponse<byte[]> fromApi = api(reader, "reader", HttpRequest.newBuilder(
          URI.create(reader.apiUrl() + "/api/channels/" + id + "/attachments/" + blob)).GET(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(fromApi.body()).isEqualTo(file);
      assertThat(fromApi.headers().firstValue("Content-Disposition")).hasValue("attachment; filename*=UTF-8''scan%201.html");
      assertThat(fromApi.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

      assertThat(fails("reader", "channel", "download", id, "00".repeat(32), "--out", root.resolve("x").toString()))
          .contains("has the attachment");
      assertThat(root.resolve("x")).doesNotExist();
      assertThat(fails("author", "channel", "post", link, "--file", root.resolve("missing.png").toString()))
          .contains("missing.png: no such file or directory");
      assertThat(fails("author", "channel", "post", link, "--file", root.resolve("files").toString()))
          .contains("it is a directory");
      Path huge = root.resolve("files/huge.bin");
      try (var channel = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(new byte[1]), 16L << 20); // sparse: 16 MiB + 1 byte
      }
      assertThat(fails("author", "channel", "post", link, "--file", huge.toString()))
          .contains("is 16777217 bytes, and a file attached to a post is at most 16777216 bytes");
      assertThat(fails("author", "channel", "post", link)).contains("a post needs a text or a file");
      assertThat(fails("author", "channel", "post", link, "--file", Files.createFile(root.resolve("files/empty")).toString()))
          .contains("it is empty");
      assertThat(run("author", "channel", "read", link).getJsonArray("posts")).hasSize(1);
      // The limit itself is allowed: 16 MiB is 22 million characters of base64 in the request.
      Path largest = Files.write(root.resolve("files/largest.bin"), new byte[16 << 20]);
      assertThat(run("author", "channel", "post", link, "--file", largest.toString()).getJsonArray("attachments")
          .getJsonObject(0).getLong("size")).isEqualTo(16L << 20);
      assertThat(fails("author", "channel", "post", link, "--file", largest.toString(), "--file", largest.toString()))
          .contains("the files add up to 33554432 bytes, and one post carries at most 18874368 bytes of files");
    }
  }

  @Test
  void aSuggestedFileNameCannotLeaveTheDirectory() {
    assertThat(Attachments.safeName(Optional.of("../../.bashrc"))).isEqualTo(".bashrc");
    assertThat(Attachments.safeName(Optional.of("a\\b\nc.txt"))).isEqualTo("bc.txt");
    assertThat(Attachments.safeName(Optional.of(".."))).isEqualTo("attachment");
    assertThat(Attachments.safeName(Optional.empty())).isEqualTo("attachment");
    assertThat(ApiClient.fileName("attachment; filename*=UTF-8''scan%201%2B2.html")).hasValue("scan 1+2.html");
  }

  /** Runs a command that must fail; returns its error line. */
  private String fails(String home, String... args) {
    String[] full = Arrays.copyOf(args, args.length + 2);
    full[args.length] = "--home";
    full[args.length + 1] = root.resolve(home).toString();
    CliRun run = CliRun.of(full);
    assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(1);
    return run.err();
  }

  private <T> HttpResponse<T> api(Node node, String home, HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
      throws Exception {
    String token = Files.readString(new NodeHome(root.resolve(home)).apiTokenFile()).strip();
    return HttpClient.newHttpClient().send(request.header("Authorization", "Bearer " + token).build(), body);
  }

  @Test
  void aUserCreatesPostsSubscribesBlocksAndAsksWhy() throws Exception {
    try (Network network = network()) {
      JsonObject channel = run("author", "channel", "create", "bulletin", "--description", "daily");
      String link = channel.getString("link");
      assertThat(channel.getString("role")).isEqualTo("author");
      run("author", "channel", "post", "bulletin", "first"); // a channel held here may be named by its name
      run("author", "channel", "post", link, "second");

      assertThat(run("reader", "channel", "subscribe", link).getString("name")).isEqualTo("bulletin");
      await(() -> run("reader", "channel", "read", link).getJsonArray("posts").size() == 2);
      assertThat(run("reader", "channel", "read", "Bulletin", "--since", "1").getJsonArray("posts").getJsonObject(0)
          .getString("text")).isEqualTo("second");
      // Without --since, the newest posts; the page says what lies before or after it.
      JsonObject newest = run("reader", "channel", "read", link, "--limit", "1");
      assertThat(newest.getJsonArray("posts").getJsonObject(0).getString("text")).isEqualTo("second");
      assertThat(newest.getInteger("earlier")).isEqualTo(1);
      JsonObject first = run("reader", "channel", "read", link, "--since", "0", "--limit", "1");
      assertThat(first.getJsonArray("posts").getJsonObject(0).getString("text")).isEqualTo("first");
      assertThat(first.getInteger("later")).isEqualTo(1);
      assertThat(CliRun.of("channel", "read", link, "--limit", "1", "--home", root.resolve("reader").toString()).out())
          .contains("(1 earlier post: samizdat channel read " + channel.getString("id") + " --since 0 --limit 1 --home "
              + root.resolve("reader") + ")");
      JsonObject afterFirst = run("reader", "channel", "read", link, "--since", "1");
      assertThat(afterFirst.getInteger("earlier")).as("#1 is shown, before the page").isEqualTo(1);
      assertThat(fails("reader", "channel", "read", link, "--since", "-1")).contains("'since' is a post's number");
      assertThat(fails("reader", "channel", "read", " ")).contains("an empty name or id names nothing");
      assertThat(run("reader", "channels").getJsonArray("channels")).hasSize(1);
      assertThat(fails("reader", "blocklist", "follow", link)).contains("is a channel, not a blocklist");
      assertThat(run("reader", "channels").getJsonArray("channels")).hasSize(1);
      assertThat(run("reader", "blocklist", "list").getJsonArray("followed")).isEmpty();

      String list = run("author", "blocklist", "create", "house rules").getString("link");
      run("reader", "blocklist", "follow", list, "--action", "drop", "--threshold", "2");
      // Following again changes what is given and keeps the rest.
      JsonObject refollowed = run("reader", "blocklist", "follow", "House Rules", "--action", "hide"); // held: by name
      assertThat(refollowed.getString("action")).isEqualTo("hide");
      assertThat(refollowed.getInteger("threshold")).isEqualTo(2);
      assertThat(fails("reader", "blocklist", "follow", list, "--threshold", "0"))
          .contains("'threshold' (how many of the lists you follow must say drop");
      JsonObject preview = run("reader", "blocklist", "preview", list);
      assertThat(preview.getJsonArray("affected")).isEmpty();
      assertThat(fails("reader", "report", "post:" + channel.getString("id") + "/1", "--list", "house rules",
          "--category", "spam", "--appeal")).contains("does not block").contains("there is nothing to appeal");
      // An appeal needs no category (it disputes the block, whatever its category); a report does.
      assertThat(fails("reader", "report", "post:" + channel.getString("id") + "/1", "--list", "house rules",
          "--appeal")).contains("there is nothing to appeal");
      assertThat(fails("reader", "report", "post:" + channel.getString("id") + "/1", "--list", "house rules"))
          .contains("a report needs --category (one of: terrorism, csam");
      String target = "channel:" + channel.getString("id");
      run("author", "blocklist", "add", "house rules", target, "--category", "spam", "--reason", "too many posts");
      // Refused with a reason, and nothing published: a past expiry (it would lift the block at once),
      // a blank reason, a post into a list, a channel where a list is meant, and post #0.
      assertThat(fails("author", "blocklist", "add", "house rules", target, "--category", "spam", "--reason", "old",
          "--expires", "2001-01-01T00:00:00Z")).contains("has already passed");
      assertThat(fails("author", "blocklist", "add", "house rules", target, "--category", "spam", "--reason", " "))
          .contains("'reason' is required");
      assertThat(fails("author", "channel", "post", list, "hello"))
          .contains("is a blocklist, not a channel: publish blocks with 'samizdat blocklist add'");
      assertThat(fails("author", "channel", "post", "house rules", "hello")).contains("is a blocklist, not a channel");
      assertThat(fails("reader", "blocklist", "preview", link)).contains("is a channel, not a blocklist");
      String nobodys = "samizdat:channel/" + dev.samizdat.libp2p.PeerId.fromPublicKey(
          dev.samizdat.crypto.Ed25519PrivateKey.generate(new SecureRandom()).publicKey()).toBase58();
      assertThat(fails("reader", "blocklist", "preview", nobodys)).contains("has answered: nothing to preview");
      assertThat(fails("author", "reports", "--list", link)).contains("is a channel, not a blocklist");
      assertThat(fails("reader", "why", "post:" + channel.getString("id") + "/0")).contains("posts are numbered from #1");
      assertThat(run("author", "channel", "read", list).getJsonObject("channel").getLong("headSequence"))
          .as("the manifest and the one block").isEqualTo(1);
      await(() -> run("reader", "channel", "read", link).getInteger("hidden") == 2);
      JsonObject why = run("reader", "why", target);
      assertThat(why.getString("action")).isEqualTo("hide");
      // A post of a hidden channel is hidden with it, and says why.
      assertThat(run("reader", "why", "post:" + channel.getString("id") + "/1").getString("action")).isEqualTo("hide");
      assertThat(why.getJsonArray("reasons").getJsonObject(0).getString("listName")).isEqualTo("house rules");
      // The moderator is the person who made the list, not the list's own key.
      assertThat(why.getJsonArray("reasons").getJsonObject(0).getJsonArray("moderators"))
          .containsExactly(network.author().peerId().toBase58());
      assertThat(CliRun.of("why", target, "--home", root.resolve("reader").toString()).out())
          .contains("moderated by " + network.author().peerId().toBase58());

      run("reader", "blocklist", "unfollow", "house rules");

      // What the list blocks, before and after a retraction; the retraction is shown with the target it lifts.
      JsonArray rules = run("author", "blocklist", "rules", "house rules").getJsonArray("rules");
      assertThat(rules).hasSize(1);
      assertThat(rules.getJsonObject(0).getString("target")).isEqualTo(target);
      assertThat(rules.getJsonObject(0).getBoolean("inForce")).isTrue();
      run("author", "blocklist", "retract", "house rules", target, "--reason", "settled");
      rules = run("author", "blocklist", "rules", list).getJsonArray("rules");
      assertThat(rules.getJsonObject(0).getBoolean("inForce")).isFalse();
      assertThat(rules.getJsonObject(1).getString("kind")).isEqualTo("retraction");
      assertThat(rules.getJsonObject(1).getString("target")).isEqualTo(target);
      String authorHome = root.resolve("author").toString();
      assertThat(CliRun.of("blocklist", "rules", "house rules", "--home", authorHome).out())
          .isEqualTo("the list blocks nothing now\n");
      assertThat(CliRun.of("blocklist", "rules", "house rules", "--all", "--home", authorHome).out())
          .contains("#1 hide " + target + "  spam  \"too many posts\"  (no longer in force)")
          .contains("#2 retracted " + target + "  \"settled\"");
      assertThat(run("reader", "channel", "read", link).getJsonArray("posts")).hasSize(2);

      assertThat(run("author", "channel", "edit", link, "1", "first, corrected").getLong("editedAt")).isPositive();
      run("author", "channel", "delete", link, "2", "--reason", "posted by mistake");
      await(() -> run("reader", "channel", "read", link).getJsonArray("posts").size() == 1);
      assertThat(run("reader", "channel", "read", link).getJsonArray("posts").getJsonObject(0).getString("text"))
          .isEqualTo("first, corrected");
      assertThat(fails("author", "channel", "create", "BULLETIN"))
          .contains("you already have a channel named 'BULLETIN': choose another name");
      run("reader", "channel", "create", "Bulletin");
      assertThat(fails("reader", "channel", "read", "bulletin"))
          .contains("2 channels here are named 'bulletin': name the one you mean by its id or link");
      assertThat(fails("reader", "channel", "read", "gazette"))
          .contains("'gazette' is neither a channel id or link (samizdat:channel/<id>) nor the name of a channel you have");
      assertThat(fails("reader", "blocklist", "add", "bulletin", target, "--category", "spam", "--reason", "r"))
          .contains("'bulletin' is a channel, not a blocklist");
      run("reader", "channel", "unsubscribe", link);
      assertThat(run("reader", "channels").getJsonArray("channels")).singleElement()
          .satisfies(c -> assertThat(((JsonObject) c).getString("role")).isEqualTo("author"));
    }
  }

  @Test
  void theUsersOwnBlockAllowAndUnblockComeBeforeTheListsFollowed() throws Exception {
    try (Network network = network()) {
      JsonObject channel = run("author", "channel", "create", "loud");
      String link = channel.getString("link");
      String target = "channel:" + channel.getString("id");
      run("author", "channel", "post", link, "one");
      run("reader", "channel", "subscribe", link);
      await(() -> run("reader", "channel", "read", link).getJsonArray("posts").size() == 1);

      String readerPeer = run("reader", "id").getString("peerId");
      assertThat(fails("reader", "block", "peer:" + readerPeer))
          .isEqualTo("samizdat: that is your own peer id: what you write is always shown to you\n");

      JsonObject blocked = run("reader", "block", target, "--action", "warn");
      assertThat(blocked.getString("action")).isEqualTo("warn");
      assertThat(blocked.getString("source")).isEqualTo("user");
      assertThat(run("reader", "why", target).getString("action")).isEqualTo("warn");
      JsonObject warned = run("reader", "channel", "read", link);
      assertThat(warned.getJsonObject("decision").getString("action")).isEqualTo("warn");
      assertThat(warned.getJsonArray("posts")).hasSize(1);

      // a list the reader follows hides the channel, but the reader's own allow comes first
      String list = run("author", "blocklist", "create", "strict").getString("link");
      run("reader", "blocklist", "follow", list, "--action", "hide");
      run("author", "blocklist", "add", list, target, "--category", "spam", "--reason", "loud");
      JsonObject allowed = run("reader", "allow", target);
      assertThat(allowed.getString("action")).isNull();
      assertThat(allowed.getString("source")).isEqualTo("user");

      // without a rule of the reader's own, the list decides again
      JsonObject unblocked = run("reader", "unblock", target);
      assertThat(unblocked.getString("source")).isNotEqualTo("user");
      assertThat(fails("reader", "unblock", target)).contains("you have no block or allow of " + target + ": nothing to remove");
      await(() -> "hide".equals(run("reader", "why", target).getString("action")));
      assertThat(run("reader", "channel", "read", link).getInteger("hidden")).isEqualTo(1);
      run("reader", "allow", target);
      JsonObject shown = run("reader", "channel", "read", link);
      assertThat(shown.getInteger("hidden")).isZero();
      assertThat(shown.getJsonArray("posts")).hasSize(1);

      JsonObject dropped = run("reader", "block", target, "--action", "drop");
      assertThat(dropped.getString("action")).isEqualTo("drop");
      await(() -> run("reader", "channel", "read", link).getJsonObject("channel").getLong("headSequence") == -1);
      assertThat(CliRun.of("channels", "--home", root.resolve("reader").toString()).out())
          .startsWith("(name deleted with its posts)  " + link)
          .contains("[dropped by your policy: samizdat why " + target + "]");
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
