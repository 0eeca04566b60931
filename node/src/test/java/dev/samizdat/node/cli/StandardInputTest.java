package dev.samizdat.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.post.Post;
import dev.samizdat.node.Node;
import dev.samizdat.node.channels.ChannelsNodeService;
import dev.samizdat.node.config.NodeConfig;
import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import dev.samizdat.node.messaging.MessagingLimits;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Text given as '-': read up to the node's limit, and refused, truthfully, beyond it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StandardInputTest {
  private static final int LIMIT = 16;

  @TempDir Path root;


  @Test
  void theFinalLineBreakIsNotPartOfTheText() {
    assertThat(StandardInput.read(input("hello\n"), LIMIT, "message")).isEqualTo("hello");
    assertThat(StandardInput.read(input("two\nlines\n\n"), LIMIT, "message")).isEqualTo("two\nlines\n");
  }

  @Test
  void aWindowsLineBreakEndsTheTextAsAUnixOneDoesAndTheOthersStay() {
    assertThat(StandardInput.read(input("windows line\r\nsecond\r\n"), 32, "message"))
        .isEqualTo("windows line\r\nsecond");
    assertThat(StandardInput.read(input("x   \n\n\n"), LIMIT, "message")).as("only the one break a tool adds")
        .isEqualTo("x   \n\n");
    assertThat(StandardInput.read(input("\r\n"), LIMIT, "message")).isEmpty();
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheText() {
    assertThat(StandardInput.read(input("\uFEFFhello\r\n"), LIMIT, "message")).isEqualTo("hello");
    assertThat(StandardInput.read(input("\uFEFF"), LIMIT, "message")).isEmpty();
    assertThat(StandardInput.read(input("a\uFEFF"), LIMIT, "message")).as("only at the start").isEqualTo("a\uFEFF");
  }

  @Test
  void aTextOfExactlyTheLimitFitsWithOrWithoutItsLineBreakAndMark() {
    String full = "x".repeat(LIMIT);
    assertThat(StandardInput.read(input(full), LIMIT, "message")).isEqualTo(full);
    assertThat(StandardInput.read(input(full + "\n"), LIMIT, "message")).isEqualTo(full);
    assertThat(StandardInput.read(input("\uFEFF" + full + "\r\n"), LIMIT, "message")).isEqualTo(full);
    assertThatThrownBy(() -> StandardInput.read(input("\uFEFF" + full + "x\r\n"), LIMIT, "message"))
        .hasMessageContaining("standard input holds more");
  }

  @Test
  void aLongerTextIsRefusedAfterReadingNoMoreThanTheLimitAndALittle() {
    assertThatThrownBy(() -> StandardInput.read(input("x".repeat(LIMIT + 1)), LIMIT, "message"))
        .isInstanceOf(CliException.class).hasMessage("a message is at most 16 bytes of UTF-8, and standard input holds more");
    assertThatThrownBy(() -> StandardInput.read(input("x".repeat(LIMIT + 1) + "\n"), LIMIT, "post"))
        .hasMessage("a post is at most 16 bytes of UTF-8, and standard input holds more");

    // an endless stream, as from a device or a pipe that never closes, ends the read all the same
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'x';
      }
    };
    assertThatThrownBy(() -> StandardInput.read(endless, LIMIT, "message")).hasMessageContaining("standard input holds more");
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedRatherThanSentWithTheirCharactersReplaced() {
    byte[] latin1 = "café\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> StandardInput.read(new ByteArrayInputStream(latin1), LIMIT, "message"))
        .isInstanceOf(CliException.class).hasMessage("the message on standard input is not UTF-8 text");
    assertThat(StandardInput.read(input("café\n"), LIMIT, "message")).isEqualTo("café");
  }

  @Test
  void sendAndPostRefuseTooMuchInputAndPostExactlyTheLimit() {
    NodeHome home = new NodeHome(root.resolve("alice"));
    NodeIdentity.create(home, Optional.empty(), new SecureRandom());
    NodeConfig config = NodeConfig.DEFAULTS.withListen(List.of("/ip4/127.0.0.1/tcp/0")).withApiPort(0);
    try (Node node = Node.start(home, config, Optional.empty(), List.of(new ChannelsNodeService()))) {
      String twoMegabytes = "x".repeat(2 * 1024 * 1024);

      CommandLine send = SamizdatCli.commandLine();
      ((SendCommand) send.getSubcommands().get("send").getCommand()).stdin = input(twoMegabytes);
      CliRun sent = CliRun.of(send, "send", "Bob", "-", "--home", home.directory().toString());
      assertThat(sent.exitCode()).isEqualTo(1);
      assertThat(sent.err().strip()).isEqualTo(
          "samizdat: a message is at most " + MessagingLimits.MAX_BODY_BYTES + " bytes of UTF-8, and standard input holds more");

      String link = new JsonObject(CliRun.of("channel", "create", "notes", "--json",
          "--home", home.directory().toString()).out()).getString("link");
      CliRun tooLong = post(home, link, twoMegabytes);
      assertThat(tooLong.exitCode()).isEqualTo(1);
      assertThat(tooLong.err().strip())
          .isEqualTo("samizdat: a post is at most " + Post.MAX_TEXT_BYTES + " bytes of UTF-8, and standard input holds more");

      String longest = "y".repeat(Post.MAX_TEXT_BYTES);
      CliRun fits = post(home, link, longest + "\n");
      assertThat(fits.exitCode()).as(fits.err()).isZero();
      JsonObject read = new JsonObject(CliRun.of("channel", "read", link, "--json",
          "--home", home.directory().toString()).out());
      assertThat(read.getJsonArray("posts").getJsonObject(0).getString("text")).isEqualTo(longest);
    }
  }

  private static CliRun post(NodeHome home, String link, String text) {
    CommandLine cli = SamizdatCli.commandLine();
    CommandLine post = cli.getSubcommands().get("channel").getSubcommands().get("post");
    ((ChannelCommand.PostTo) post.getCommand()).stdin = input(text);
    return CliRun.of(cli, "channel", "post", link, "-", "--home", home.directory().toString());
  }


  private static InputStream input(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
