package dev.samizdat.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
  @TempDir Path dir;

  @Test
  void missingFileMeansDefaults() {
    assertThat(NodeConfig.load(dir.resolve("config"))).isEqualTo(NodeConfig.DEFAULTS);
  }

  @Test
  void fileTextRoundTrips() throws IOException {
    NodeConfig config = NodeConfig.DEFAULTS.withListen(List.of("/ip4/127.0.0.1/tcp/0"))
        .withBootstrap(List.of("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"))
        .withApiPort(0).withReadReceipts(false);
    Path file = dir.resolve("config");
    Files.writeString(file, config.toFileText());
    assertThat(NodeConfig.load(file)).isEqualTo(config);
    assertThat(dev.samizdat.node.messaging.MessagingSettings.fromConfig(NodeConfig.load(file)).readReceipts()).isFalse();
  }

  @Test
  void unknownOrMalformedSettingsAreNamed() throws IOException {
    Path file = dir.resolve("config");
    Files.writeString(file, "api.prot = 1\n");
    assertThatThrownBy(() -> NodeConfig.load(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting 'api.prot'");
    Files.writeString(file, "api.port = lots\n");
    assertThatThrownBy(() -> NodeConfig.load(file)).hasMessageContaining("api.port must be a whole number");
    Files.writeString(file, "api.port = 70000\n");
    assertThatThrownBy(() -> NodeConfig.load(file)).hasMessageContaining("api.port must be 0..65535");
  }
}
