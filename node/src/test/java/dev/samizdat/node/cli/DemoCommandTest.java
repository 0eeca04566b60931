package dev.samizdat.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path temp;

  /** As Ctrl-C or a kill does: the JVM runs its shutdown hooks, and the demo's homes must not outlive it. */
  @Test
  void aDemoStoppedBySigtermStopsItsNodesAndDeletesItsHomes() throws Exception {
    Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path"), SamizdatCli.class.getName(), "demo")
        .redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    try (var lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.append(line).append('\n');
        if (line.contains("/p2p/")) {
          assertThat(homes()).as("the demo's homes, once a node is up").hasSize(1);
          // Not Process.destroy(), which sends the same signal but closes the stream this reads.
          new ProcessBuilder("kill", "-TERM", Long.toString(demo.pid())).inheritIO().start().waitFor();
          break;
        }
      }
      StringWriter rest = new StringWriter();
      lines.transferTo(rest);
      output.append(rest);
    }
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as(output::toString).isTrue();
    assertThat(output).contains("interrupted: stopping the demo's nodes and deleting their homes")
        .doesNotContain("could not delete").doesNotContain("Exception");
    assertThat(homes()).as(output.toString()).isEmpty();
  }

  private List<Path> homes() throws IOException {
    try (Stream<Path> files = Files.list(temp)) {
      return files.filter(p -> p.getFileName().toString().startsWith("samizdat-demo")).toList();
    }
  }
}
