package dev.samizdat.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.pqxdh.PrekeyBundle;
import dev.samizdat.node.messaging.store.RocksPrekeyStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrekeyPublishingTest {
  @TempDir
  Path directory;
  TestNetwork net;

  @BeforeEach
  void network() {
    net = new TestNetwork(directory);
  }

  @AfterEach
  void close() {
    net.close();
  }

  private PrekeyBundle published(TestNetwork.Node node) {
    byte[] key = PrekeyRecords.bundleKey(node.identity.publicKey());
    byte[] value = net.network.dhtFor(node.peer).get(key).join().orElseThrow();
    return PrekeyRecords.validate(key, value).orElseThrow();
  }

  @Test
  void startPublishesASignedBundleAndUsedOneTimePrekeysAreReplaced() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    PrekeyBundle first = published(bob);
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.oneTimePrekeys()).hasSize(PrekeyManager.ONE_TIME_TARGET);
    assertThat(first.oneTimeKemPrekeys()).hasSize(PrekeyManager.ONE_TIME_KEM_TARGET);

    alice.send(bob, "hi");
    net.run();
    PrekeyBundle second = published(bob);
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(second.oneTimePrekeys()).hasSize(PrekeyManager.ONE_TIME_TARGET - 1);
    assertThat(second.oneTimeKemPrekeys()).hasSize(PrekeyManager.ONE_TIME_KEM_TARGET - 1);
    assertThat(second.signedPrekey()).isEqualTo(first.signedPrekey());

    // Strangers keep starting sessions: the pool is topped up before it runs dry.
    for (int i = 0; i < 12; i++) {
      net.node("stranger-" + i).send(bob, "hello " + i);
      net.run();
    }
    PrekeyBundle later = published(bob);
    assertThat(later.oneTimePrekeys().size()).isGreaterThanOrEqualTo(PrekeyManager.ONE_TIME_LOW);
    assertThat(later.oneTimeKemPrekeys().size()).isGreaterThanOrEqualTo(PrekeyManager.ONE_TIME_KEM_LOW);
    assertThat(bob.received).hasSize(13);

    // An older record never replaces a newer one in the DHT.
    net.network.dhtFor(bob.peer).put(PrekeyRecords.bundleKey(bob.identity.publicKey()), first.encode()).join();
    assertThat(published(bob).sequence()).isEqualTo(later.sequence());
  }

  @Test
  void theSignedPrekeyRotatesWeeklyAndTheOldOneIsKeptWhileMailboxesMayHoldMessagesForIt() {
    var bob = net.node("bob");
    var alice = net.node("alice");
    PrekeyBundle first = published(bob);
    net.scheduler.advance(PrekeyManager.SIGNED_PREKEY_ROTATION.plusHours(1));
    PrekeyBundle rotated = published(bob);
    assertThat(rotated.signedPrekey().id()).isNotEqualTo(first.signedPrekey().id());
    var store = new RocksPrekeyStore(bob.db, bob.identity);
    assertThat(store.signedPrekey(first.signedPrekey().id())).isPresent();

    // New sessions start from the rotated bundle.
    MessageId id = alice.send(bob, "after the rotation");
    net.run();
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.DELIVERED);

    net.scheduler.advance(Duration.ofDays(15));
    assertThat(store.signedPrekey(first.signedPrekey().id())).isEmpty();
    assertThat(store.signedPrekey(rotated.signedPrekey().id())).isPresent();
  }
}
