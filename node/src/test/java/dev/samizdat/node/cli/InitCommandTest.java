package dev.samizdat.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.node.home.NodeHome;
import dev.samizdat.node.home.NodeIdentity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InitCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = SamizdatCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return new Run(cli.execute(args), out.toString(), err.toString());
  }

  @Test
  void initCreatesAnOwnerOnlyHomeWithIdentityConfigAndStore() throws Exception {
    Path home = dir.resolve("alice");
    Run run = run("init", "--home", home.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("samizdat:peer/12D3KooW");
    assertThat(Files.getPosixFilePermissions(home)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(home.resolve("identity")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(home.resolve("config")).exists();
    assertThat(home.resolve("db")).isDirectory();

    Run again = run("init", "--home", home.toString());
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.err()).contains("an identity already exists").doesNotContain("Exception");
  }

  @Test
  void aMissingPassphraseFileIsSaidToBeMissing() {
    Path missing = dir.resolve("no-such-passphrase");
    Run run = run("init", "--home", dir.resolve("carol").toString(), "--passphrase-file", missing.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("samizdat: cannot read the passphrase file " + missing + ": no such file or directory");
    assertThat(dir.resolve("carol")).doesNotExist();
  }

  @Test
  void anEncryptedIdentityNeedsTheRightPassphrase() throws Exception {
    Path home = dir.resolve("bob");
    Path passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, "correct horse battery staple\n");
    assertThat(run("init", "--home", home.toString(), "--passphrase-file", passphrase.toString()).exitCode()).isZero();

    NodeHome nodeHome = new NodeHome(home);
    assertThat(NodeIdentity.isEncrypted(nodeHome)).isTrue();
    assertThat(NodeIdentity.load(nodeHome, Optional.of("correct horse battery staple".toCharArray())).key())
        .isNotNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> NodeIdentity.load(nodeHome, Optional.of("wrong".toCharArray())))
        .hasMessageContaining("wrong passphrase");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeIdentity.load(nodeHome, Optional.empty()))
        .hasMessageContaining("is encrypted");
  }
}
