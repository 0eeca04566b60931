package dev.samizdat.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.pqxdh.PrekeyBundle;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.net.DeliveryResult;
import dev.samizdat.node.messaging.net.MessagingDht;
import dev.samizdat.node.messaging.proto.MessagingProtos.Content;
import dev.samizdat.node.messaging.proto.MessagingProtos.Text;
import dev.samizdat.node.messaging.store.RocksPrekeyStore;
import dev.samizdat.node.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
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
    return net.publishedBundle(node);
  }

  /** A text message's content with a fresh id, as the first message of a session carries it. */
  private byte[] text(String body) {
    return Content.newBuilder().setMessageId(ByteString.copyFrom(MessageId.random(net.random).toBytes()))
        .setText(Text.newBuilder().setBody(body).setSentAtMillis(net.scheduler.nowMillis()).setSequence(1))
        .build().toByteArray();
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
  void theSignedAndLastResortPrekeysRotateWeeklyAndReplacedOnesServeOldBundlesWhileMailboxesMayHoldMessages() {
    var bob = net.node("bob");
    var alice = net.node("alice");
    PrekeyBundle first = published(bob);
    net.scheduler.advance(PrekeyManager.SIGNED_PREKEY_ROTATION.minusHours(1));
    assertThat(published(bob).lastResortKemPrekey().id()).isEqualTo(first.lastResortKemPrekey().id());
    net.scheduler.advance(Duration.ofHours(2));
    PrekeyBundle rotated = published(bob);
    assertThat(rotated.signedPrekey().id()).isNotEqualTo(first.signedPrekey().id());
    assertThat(rotated.lastResortKemPrekey().id()).isNotEqualTo(first.lastResortKemPrekey().id());
    var store = new RocksPrekeyStore(bob.db, bob.identity);
    assertThat(store.lastResortKemPrekeys()).extracting(RocksPrekeyStore.Entry::id)
        .containsExactlyInAnyOrder(first.lastResortKemPrekey().id(), rotated.lastResortKemPrekey().id());

    // New sessions start from the rotated bundle.
    MessageId id = alice.send(bob, "after the rotation");
    net.run();
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.DELIVERED);

    // A peer that took the bundle before the rotation still starts a session from it, on the
    // last-resort ML-KEM prekey too, until the replaced keys have been kept for the mailbox retention.
    net.scheduler.advance(Duration.ofDays(13));
    assertThat(net.node("carol").offerOnNewSession(bob, first, text("from an old bundle"), true))
        .isEqualTo(new DeliveryResult.Accepted());
    net.scheduler.advance(Duration.ofDays(1));
    assertThat(store.signedPrekey(first.signedPrekey().id())).isEmpty();
    assertThat(store.lastResortKemPrekey(first.lastResortKemPrekey().id())).isEmpty();
    assertThat(net.node("dave").offerOnNewSession(bob, first, text("too late"), true))
        .isInstanceOf(DeliveryResult.Refused.class);
    assertThat(store.signedPrekey(rotated.signedPrekey().id())).isPresent();
    assertThat(store.lastResortKemPrekey(rotated.lastResortKemPrekey().id())).isPresent();
    assertThat(net.node("erin").offerOnNewSession(bob, published(bob), text("from the new bundle"), true))
        .isEqualTo(new DeliveryResult.Accepted());
    assertThat(bob.received).extracting(MessageView::body)
        .containsExactly("after the rotation", "from an old bundle", "from the new bundle");
  }

  @Test
  void keysANodeReplacesAfterWeeksStoppedAreKeptForTheWholePeriodFromThen() {
    var bob = net.node("bob");
    PrekeyBundle first = published(bob);
    bob.stop();
    net.scheduler.advance(Duration.ofDays(30));
    bob.start();
    assertThat(published(bob).signedPrekey().id()).isNotEqualTo(first.signedPrekey().id());
    var store = new RocksPrekeyStore(bob.db, bob.identity);
    assertThat(store.signedPrekey(first.signedPrekey().id())).isPresent();
    assertThat(store.lastResortKemPrekey(first.lastResortKemPrekey().id())).isPresent();
    net.scheduler.advance(Duration.ofDays(14).plusHours(1));
    assertThat(store.signedPrekey(first.signedPrekey().id())).isEmpty();
    assertThat(store.lastResortKemPrekey(first.lastResortKemPrekey().id())).isEmpty();
  }

  @Test
  void aMaintenancePassIsOneCommitSoAFailureHalfWayLeavesNoKeysBehind() {
    Ed25519PrivateKey identity = Ed25519PrivateKey.generate(net.random);
    MessagingDht dht = net.network.dhtFor(PeerId.fromPublicKey(identity.publicKey()));
    Duration keep = MessagingSettings.DEFAULTS.mailboxRetention();
    try (Database db = Database.open(directory.resolve("first-start"), new byte[32], net.random)) {
      var store = new RocksPrekeyStore(db, identity);
      // The randomness fails among the one-time prekeys, after the signed and last-resort ones were made.
      var failing = new PrekeyManager(db, store, dht, net.scheduler.clock, failingAfter(20), keep);
      assertThatThrownBy(() -> failing.maintain(true)).hasMessageContaining("randomness failed");
      assertThat(store.meta().getInitialised()).isFalse();
      assertThat(store.signedPrekeys()).isEmpty();
      assertThat(store.lastResortKemPrekeys()).isEmpty();
      assertThat(store.oneTimePrekeys()).isEmpty();
      assertThat(store.oneTimeKemPrekeys()).isEmpty();

      // The next start makes one set, and the bundle names every key there is.
      PrekeyBundle bundle = new PrekeyManager(db, store, dht, net.scheduler.clock, net.random, keep)
          .maintain(true).join();
      assertThat(store.signedPrekeys()).extracting(RocksPrekeyStore.Entry::id)
          .containsExactly(bundle.signedPrekey().id());
      assertThat(store.lastResortKemPrekeys()).extracting(RocksPrekeyStore.Entry::id)
          .containsExactly(bundle.lastResortKemPrekey().id());
      assertThat(store.oneTimePrekeys()).hasSize(bundle.oneTimePrekeys().size());
      assertThat(store.oneTimeKemPrekeys()).hasSize(bundle.oneTimeKemPrekeys().size());
    }
  }

  /** Randomness that works for {@code draws} draws and then fails, as a crash would stop a pass. */
  private SecureRandom failingAfter(int draws) {
    return new SecureRandom() {
      private int drawn;

      @Override
      public synchronized void nextBytes(byte[] bytes) {
        if (++drawn > draws) {
          throw new IllegalStateException("randomness failed after " + draws + " draws");
        }
        net.random.nextBytes(bytes);
      }
    };
  }
}
