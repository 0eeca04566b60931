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
    assertThat(again.err()).contains("an identity already exists")
        .contains("samizdat passphrase --home " + home).doesNotContain("Exception");
  }

  @Test
  void initSaysWhetherTheKeyIsEncrypted() throws Exception {
    Run clear = run("init", "--home", dir.resolve("clear").toString());
    assertThat(clear.out()).contains("its key is not encrypted")
        .contains("'samizdat passphrase --home " + dir.resolve("clear") + " --new-passphrase-file FILE' adds a passphrase");
    Path passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, "correct horse battery staple\n");
    Run encrypted = run("init", "--home", dir.resolve("locked").toString(), "--passphrase-file", passphrase.toString());
    assertThat(encrypted.out()).contains("its key is encrypted under your passphrase");
  }

  /** As 'up' does on a new home: a key in clear would then be refused by 'up' given the same passphrase. */
  @Test
  void initEncryptsTheKeyUnderThePassphraseInTheEnvironment() throws Exception {
    Path home = dir.resolve("frank");
    ProcessBuilder init = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), SamizdatCli.class.getName(), "init", "--home", home.toString())
        .redirectErrorStream(true);
    init.environment().put(UpCommand.PASSPHRASE_VARIABLE, "correct horse battery staple");
    Process process = init.start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output).contains("its key is encrypted under your passphrase");

    NodeHome nodeHome = new NodeHome(home);
    assertThat(NodeIdentity.isEncrypted(nodeHome)).isTrue();
    assertThat(NodeIdentity.load(nodeHome, Optional.of("correct horse battery staple".toCharArray())).key())
        .isNotNull();
  }

  @Test
  void aPassphraseChangeOnAnEmptyHomeSaysHowToCreateTheNode() throws Exception {
    Path home = dir.resolve("nobody");
    Path next = dir.resolve("next");
    Files.writeString(next, "correct horse battery");
    Run run = run("passphrase", "--home", home.toString(), "--new-passphrase-file", next.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("samizdat: no identity in " + home + " (create one with: samizdat init --home " + home + ")");
    assertThat(home).doesNotExist();
  }

  @Test
  void aMissingPassphraseFileIsSaidToBeMissing() {
    Path missing = dir.resolve("no-such-passphrase");
    Run run = run("init", "--home", dir.resolve("carol").toString(), "--passphrase-file", missing.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("samizdat: cannot read the passphrase file " + missing + ": no such file or directory");
    assertThat(dir.resolve("carol")).doesNotExist();

    Run directory = run("init", "--home", dir.resolve("carol").toString(), "--passphrase-file", dir.toString());
    assertThat(directory.err().strip())
        .isEqualTo("samizdat: cannot read the passphrase file " + dir + ": is a directory");
  }

  @Test
  void upWithAPassphraseOnANodeWhoseKeyIsNotEncryptedDerivesNothingAndSaysWhy() throws Exception {
    Path home = dir.resolve("dave");
    assertThat(run("init", "--home", home.toString()).exitCode()).isZero();
    Path passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, "correct horse battery staple\n");
    Run up = run("up", "--home", home.toString(), "--passphrase-file", passphrase.toString(), "--api-port", "0",
        "--listen", "/ip4/127.0.0.1/tcp/0");
    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.out()).doesNotContain("deriving the key");
    assertThat(up.err().strip()).startsWith("samizdat: ").doesNotContain("\n");
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

  @Test
  void aPassphraseIsAddedChangedAndRemovedWithTheSameKeyAndAShortOneIsRefused() throws Exception {
    Path home = dir.resolve("dave");
    NodeHome nodeHome = new NodeHome(home);
    assertThat(run("init", "--home", home.toString()).exitCode()).isZero();
    var key = NodeIdentity.load(nodeHome, Optional.empty()).key().publicKey();
    Path first = dir.resolve("first");
    Files.writeString(first, "first passphrase\n");
    Path second = dir.resolve("second");
    Files.writeString(second, "second passphrase");
    Path shortOne = dir.resolve("short");
    Files.writeString(shortOne, "abc\n");

    Run refused = run("passphrase", "--home", home.toString(), "--new-passphrase-file", shortOne.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err().strip())
        .isEqualTo("samizdat: a new passphrase needs at least 8 characters, not all spaces (several words are best)");
    assertThat(run("passphrase", "--home", home.toString(), "--remove").out()).contains("is not encrypted: nothing changed");
    assertThat(NodeIdentity.isEncrypted(nodeHome)).isFalse();

    Run added = run("passphrase", "--home", home.toString(), "--new-passphrase-file", first.toString());
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out()).contains("now encrypted under the new passphrase; give it to 'samizdat up --home " + home + "'");
    assertThat(NodeIdentity.load(nodeHome, Optional.of("first passphrase".toCharArray())).key().publicKey()).isEqualTo(key);

    Run withoutCurrent = run("passphrase", "--home", home.toString(), "--new-passphrase-file", second.toString());
    assertThat(withoutCurrent.exitCode()).isEqualTo(1);
    assertThat(withoutCurrent.err()).contains("is encrypted: give its passphrase");
    Run wrongCurrent = run("passphrase", "--home", home.toString(), "--passphrase-file", second.toString(),
        "--new-passphrase-file", second.toString());
    assertThat(wrongCurrent.err()).contains("wrong passphrase");

    assertThat(run("passphrase", "--home", home.toString(), "--passphrase-file", first.toString(),
        "--new-passphrase-file", second.toString()).exitCode()).isZero();
    assertThat(NodeIdentity.load(nodeHome, Optional.of("second passphrase".toCharArray())).key().publicKey()).isEqualTo(key);

    assertThat(run("passphrase", "--home", home.toString(), "--passphrase-file", second.toString(), "--remove")
        .exitCode()).isZero();
    assertThat(NodeIdentity.isEncrypted(nodeHome)).isFalse();
    assertThat(NodeIdentity.load(nodeHome, Optional.empty()).key().publicKey()).isEqualTo(key);

    Run both = run("passphrase", "--home", home.toString(), "--remove", "--new-passphrase-file", first.toString());
    assertThat(both.exitCode()).isNotZero();
    assertThat(run("init", "--home", dir.resolve("erin").toString(), "--passphrase-file", shortOne.toString())
        .err()).contains("at least 8 characters");
    assertThat(dir.resolve("erin")).doesNotExist();
  }
}
