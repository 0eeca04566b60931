package dev.samizdat.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SamizdatCliTest {

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void versionNamesTheProgram() {
    CliRun run = run("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("samizdat ");
  }

  @Test
  void helpListsUsage() {
    CliRun run = run("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: samizdat");
  }

  @Test
  void unknownOptionIsAClearErrorWithoutStackTrace() {
    CliRun run = run("--no-such-option");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("Unknown option").doesNotContain("Exception");
    CliRun badNumber = run("channel", "edit", "bulletin", "abc", "text");
    assertThat(badNumber.exitCode()).isEqualTo(2);
    assertThat(badNumber.err()).isEqualTo("samizdat: Invalid value for positional parameter at index 1 (NUMBER): 'abc'"
        + " is not a long\n(usage: samizdat channel edit --help)\n");
    assertThat(run("up", "--bogus").err()).isEqualTo("samizdat: Unknown option: '--bogus'\n"
        + "(did you mean: --bootstrap?)\n(usage: samizdat up --help)\n");
    assertThat(run("send", "Bob", "hello", "world").err()).contains("samizdat: Unmatched argument at index 3: 'world'")
        .contains("goes in quotes");
  }

  @Test
  void everyCommandPrintsItsUsageForHelp() {
    List<String> commands = new ArrayList<>();
    collectCommandPaths(SamizdatCli.commandLine(), "", commands);
    assertThat(commands).contains("send", "dht find-peer", "channel post", "blocklist list");
    for (String command : commands) {
      for (String help : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add(help);
        CliRun run = run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(command + " " + help + ": " + run.err()).isZero();
        assertThat(run.out()).contains("Usage: samizdat " + command + " ");
      }
    }
  }

  @Test
  void helpNamesACommandAtAnyDepth() {
    assertThat(run("help", "channel", "post").out()).startsWith("Usage: samizdat channel post ");
    assertThat(run("help").out()).startsWith("Usage: samizdat ");
    CliRun unknown = run("help", "channel", "shout");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("no command 'channel shout'");
  }

  private static void collectCommandPaths(CommandLine parent, String prefix, List<String> into) {
    parent.getSubcommands().forEach((name, sub) -> {
      into.add(prefix + name);
      collectCommandPaths(sub, prefix + name + " ", into);
    });
  }

  @Test
  void underJsonAParseErrorIsOneJsonObjectWithTheSameExitCode() {
    CliRun plain = run("send", "Bob");
    CliRun json = run("send", "Bob", "--json");
    assertThat(json.exitCode()).isEqualTo(plain.exitCode()).isEqualTo(2);
    assertThat(json.out()).isEmpty();
    assertThat(new JsonObject(json.err()).getString("error")).isEqualTo("Missing required parameter: 'TEXT'");
  }

  @Test
  void aMissingOptionOfAGroupIsSaidOnceWithoutPicoclisOwnPrefix() {
    CliRun run = run("passphrase");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("samizdat: Missing required argument").doesNotContain("Error:");
  }

  @Test
  void aHomeThatIsAFileIsSaidToBeOne(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "not a home");
    CliRun init = run("init", "--home", file.toString());
    assertThat(init.exitCode()).isEqualTo(1);
    assertThat(init.err().strip()).isEqualTo("samizdat: the home " + file + " is not a directory");

    CliRun json = run("status", "--home", file.toString(), "--json");
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(new JsonObject(json.err()).getString("error")).isEqualTo("the home " + file + " is not a directory");
  }

  @Test
  void theHomeMayComeBeforeTheCommandAtAnyDepth(@TempDir Path dir) {
    Path home = dir.resolve("absent");
    String noNode = "samizdat: no node is running with home " + home;

    assertThat(run("--home", home.toString(), "status").err()).startsWith(noNode);
    assertThat(run("--home", home.toString(), "dht", "find-peer", "x").err()).startsWith(noNode);
    assertThat(run("channel", "--home", home.toString(), "read", "x").err()).startsWith(noNode);
    assertThat(run("--home", dir.resolve("other").toString(), "status", "--home", home.toString()).err())
        .startsWith(noNode);
    assertThat(run("--home", home.toString(), "dht").out()).startsWith("Usage: samizdat dht ");
  }

  @Test
  void aMistypedFlagOfUpLeavesNoNewHomeBehind(@TempDir Path dir) {
    Path home = dir.resolve("fresh");
    CliRun garbage = run("up", "--home", home.toString(), "--listen", "garbage");
    assertThat(garbage.exitCode()).isEqualTo(1);
    assertThat(garbage.err()).contains("listen: 'garbage' is not a multiaddr");
    CliRun quic = run("up", "--home", home.toString(), "--listen", "/ip4/127.0.0.1/udp/4501/quic-v1");
    assertThat(quic.exitCode()).isEqualTo(1);
    assertThat(quic.err()).contains("is not a TCP address").contains("not QUIC");
    CliRun port = run("up", "--home", home.toString(), "--api-port", "99999");
    assertThat(port.err()).contains("api.port must be 0..65535, got 99999");
    CliRun bootstrap = run("up", "--home", home.toString(), "--bootstrap", "/ip4/127.0.0.1/tcp/4501");
    assertThat(bootstrap.err()).contains("needs /p2p/<peer id> at the end");
    assertThat(home).doesNotExist();
  }

  @Test
  void aStartThatFailsRemovesTheHomeItHadJustCreated(@TempDir Path dir) throws Exception {
    Path home = dir.resolve("fresh");
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRun busy = run("up", "--home", home.toString(), "--listen", "/ip4/127.0.0.1/tcp/0", "--api-port",
          Integer.toString(taken.getLocalPort()));
      assertThat(busy.exitCode()).isEqualTo(1);
      assertThat(busy.err()).contains("is taken");
      CliRun listening = run("up", "--home", home.toString(), "--listen",
          "/ip4/127.0.0.1/tcp/" + taken.getLocalPort(), "--api-port", "0");
      assertThat(listening.exitCode()).isEqualTo(1);
      assertThat(listening.err()).as("no advice to edit the config of the home just removed")
          .contains("cannot listen on").contains("choose the address with --listen)").doesNotContain("config");
    }
    assertThat(home).doesNotExist();
  }

  @Test
  void aTextThatBeginsWithADashIsSaidToGoAfterTheEndOfTheOptions() {
    String hint = "(a text that begins with '-' goes after '--', which ends the options:"
        + " samizdat send Bob --home DIR -- \"-5 degrees outside\")";
    CliRun missing = run("send", "Bob", "-5 degrees outside");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required parameter: 'TEXT'").contains(hint);
    CliRun optionsAfter = run("send", "Bob", "--", "-5 degrees outside", "--home", "somewhere");
    assertThat(optionsAfter.err()).contains("Unknown options").contains(hint);
    assertThat(run("send", "Bob", "--help me").err()).contains(hint);
    assertThat(run("send", "Bob", "hi", "--bogus").err()).as("a mistyped option is no text").doesNotContain(hint);
    assertThat(run("send", "Bob").err()).doesNotContain(hint);
  }
}
