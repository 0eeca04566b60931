package dev.samizdat.node.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeHomeTest {
  @Test
  void theFlagComesFirstThenSamizdatHomeThenHome() {
    Map<String, String> environment = Map.of("SAMIZDAT_HOME", "/srv/node", "HOME", "/home/ana");
    assertThat(NodeHome.resolve(Path.of("/tmp/flag"), environment).directory()).isEqualTo(Path.of("/tmp/flag"));
    assertThat(NodeHome.resolve(null, environment).directory()).isEqualTo(Path.of("/srv/node"));
    assertThat(NodeHome.resolve(null, Map.of("HOME", "/home/ana")).directory()).isEqualTo(Path.of("/home/ana/.samizdat"));
    assertThat(NodeHome.resolve(null, Map.of()).directory())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".samizdat"));
  }
}
