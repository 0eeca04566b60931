package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.HostConfig;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.Follow;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.UserRule;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.StoreException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings store keeps actions by their codes. A stored value this version does not know (written by
 * a later version, or damaged) fails the start with a message naming the row, not with an index error.
 */
@Timeout(60)
class StoredModerationRowsTest {
  private static final int UNKNOWN_ACTION = 7;
  private final SecureRandom random = new SecureRandom();
  @TempDir Path dir;

  @Test
  void aFollowWithAnActionThisVersionDoesNotKnowIsNamedWhenTheServiceStarts() throws Exception {
    FeedId list = new FeedId(Ed25519PrivateKey.generate(random).publicKey());
    assertStartFails(store -> store.putFollow(Follow.newBuilder().setList(ByteString.copyFrom(list.toBytes()))
            .setMaxAction(UNKNOWN_ACTION).setDropThreshold(1).build()),
        "your stored follow of the blocklist " + ChannelText.id(list) + " has action 7, which this version does"
            + " not know (0 warn, 1 hide, 2 drop)");
  }

  @Test
  void aFollowWithACategoryThisVersionDoesNotKnowIsNamedWhenTheServiceStarts() throws Exception {
    FeedId list = new FeedId(Ed25519PrivateKey.generate(random).publicKey());
    assertStartFails(store -> store.putFollow(Follow.newBuilder().setList(ByteString.copyFrom(list.toBytes()))
            .addCategories(200).setDropThreshold(1).build()),
        "your stored follow of the blocklist " + ChannelText.id(list) + " has block category 200, which this"
            + " version does not know");
  }

  @Test
  void aUserBlockWithAnActionThisVersionDoesNotKnowIsNamedWhenTheServiceStarts() throws Exception {
    String target = "channel:" + ChannelText.id(new FeedId(Ed25519PrivateKey.generate(random).publicKey()));
    byte[] digest = ChannelText.target(target).digest().toBytes();
    assertStartFails(store -> store.putUserRule(UserRule.newBuilder().setDigest(ByteString.copyFrom(digest))
            .setTarget(target).setAllow(false).setAction(UNKNOWN_ACTION).build()),
        "your stored rule on " + target + " has action 7, which this version does not know (0 warn, 1 hide, 2 drop)");
  }

  /** Writes a row with a node's settings store, then starts the node again and expects {@code failure}. */
  private void assertStartFails(Consumer<ChannelsStore> write, String failure) throws Exception {
    Ed25519PrivateKey identity = Ed25519PrivateKey.generate(random);
    InMemoryFeedDirectory dht = new InMemoryFeedDirectory();
    try (TestNode node = new TestNode(dir, dht, identity)) {
      node.service.call(() -> {
        write.accept(node.service.settingsStore);
        return null;
      }).get(10, TimeUnit.SECONDS);
    }
    try (Database db = Database.open(dir, identity.seed(), random)) {
      Host host = Host.create(identity, HostConfig.defaults(), random);
      host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS);
      try (ChannelService service = new ChannelService(db, identity, host,
          dht.forNode(host.peerId(), host::listenAddresses), Clock.systemUTC(), random, TestNode.FAST,
          new RecordingListener())) {
        assertThat(service.start()).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
            .isInstanceOf(StoreException.class).withMessage(failure);
      } finally {
        host.close().get(10, TimeUnit.SECONDS);
      }
    }
  }
}
