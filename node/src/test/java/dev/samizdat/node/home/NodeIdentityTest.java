package dev.samizdat.node.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
  @TempDir Path dir;

  @Test
  void aHomeThatExistsButCannotBeMadeOwnerOnlyIsSaidToBeUnusableNotUncreatable() {
    // The kernel refuses to change the permissions of /proc/self, even to root.
    assertThatThrownBy(() -> NodeIdentity.create(new NodeHome(Path.of("/proc/self")), Optional.empty(),
        new SecureRandom())).isInstanceOf(NodeIdentity.IdentityException.class).hasMessageStartingWith("cannot use /proc/self: ");
  }

  @Test
  void ofTwoPassphraseChangesMadeAtOnceFromTheSamePassphraseOnlyOneSucceeds() {
    NodeHome home = new NodeHome(dir.resolve("node"));
    SecureRandom random = new SecureRandom();
    Optional<char[]> current = Optional.of("the current passphrase".toCharArray());
    var key = NodeIdentity.create(home, current, random).key().publicKey();

    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<String>> changes = List.of("first new passphrase", "second new passphrase").stream()
        .map(next -> CompletableFuture.supplyAsync(() -> {
          try {
            start.await();
            NodeIdentity.changePassphrase(home, current, Optional.of(next.toCharArray()), random);
            return next;
          } catch (NodeIdentity.IdentityException e) {
            return e.getMessage();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        })).toList();
    start.countDown();
    List<String> outcomes = changes.stream().map(CompletableFuture::join).toList();

    assertThat(outcomes).filteredOn(o -> o.startsWith("wrong passphrase")).hasSize(1);
    String winner = outcomes.stream().filter(o -> o.endsWith("new passphrase")).findFirst().orElseThrow();
    assertThat(NodeIdentity.load(home, Optional.of(winner.toCharArray())).key().publicKey()).isEqualTo(key);
  }
}
