package dev.samizdat.channels.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.FeedException;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Ed25519PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedHeadTest {
  private static final long NOW = 1_700_000_000_000L;
  private final SecureRandom random = new SecureRandom();
  private final Ed25519PrivateKey feedKey = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey coAuthor = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey stranger = Ed25519PrivateKey.generate(random);
  private final FeedId feed = new FeedId(feedKey.publicKey());
  private final InMemoryFeedStore store = new InMemoryFeedStore();
  private final FeedLog log = new FeedLog(store);
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
  private final Manifest manifest = new Manifest(Manifest.Kind.CHANNEL, "c", "", List.of(coAuthor.publicKey()),
      List.of());

  private FeedEntry grow(int entries) {
    FeedEntry head = log.create(feedKey, manifest, NOW);
    for (int i = 0; i < entries; i++) {
      head = log.append(feed, ContentType.POST, new byte[] {(byte) i}, feedKey, NOW);
    }
    return head;
  }

  @Test
  void aSignedHeadRoundTripsAndNamesItsEntry() {
    FeedEntry entry = grow(3);
    FeedHead head = FeedHead.sign(entry, feedKey, NOW);
    FeedHead decoded = FeedHead.decode(head.encoded());
    assertThat(decoded).isEqualTo(head);
    assertThat(decoded.names(entry)).isTrue();
    assertThat(decoded.sequence()).isEqualTo(3);
    assertThat(head.encoded()).hasSize(FeedHead.ENCODED_LENGTH);
    byte[] forged = head.encoded();
    forged[40] ^= 1; // within the sequence number
    assertThatThrownBy(() -> FeedHead.decode(forged)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void onlyTheFeedKeyOrAnAuthorTheManifestListsMaySignAHead() {
    FeedEntry entry = grow(1);
    FeedHead.sign(entry, coAuthor, NOW).requireAuthorisedBy(manifest);
    assertThatThrownBy(() -> FeedHead.sign(entry, stranger, NOW).requireAuthorisedBy(manifest))
        .isInstanceOf(FeedException.class).hasMessageContaining("did not authorise");
  }

  @Test
  void theHighestValidSequenceWinsAndInvalidRecordsNeverDo() {
    FeedEntry e2 = grow(2);
    FeedEntry e1 = store.entry(feed, 1).orElseThrow();
    FeedEntry e3 = log.append(feed, ContentType.POST, new byte[] {9}, feedKey, NOW);
    Map<FeedId, Manifest> held = Map.of(feed, manifest);
    FeedHeadRecords subscriber = new FeedHeadRecords(id -> Optional.ofNullable(held.get(id)), clock);
    FeedHeadRecords bystander = new FeedHeadRecords(id -> Optional.empty(), clock);
    byte[] key = FeedHeadRecords.key(feed);

    byte[] old = FeedHead.sign(e1, feedKey, NOW).encoded();
    byte[] current = FeedHead.sign(e2, feedKey, NOW).encoded();
    byte[] byCoAuthor = FeedHead.sign(e3, coAuthor, NOW).encoded();
    byte[] byStranger = FeedHead.sign(e3, stranger, NOW).encoded();
    byte[] fromTheFuture = FeedHead.sign(e3, feedKey, NOW + FeedLog.MAX_CLOCK_SKEW_MILLIS + 1).encoded();

    assertThat(subscriber.select(key, List.of(old, current, byStranger, fromTheFuture))).isEqualTo(current);
    assertThat(subscriber.select(key, List.of(old, byCoAuthor, current))).isEqualTo(byCoAuthor);
    assertThat(bystander.select(key, List.of(old, byCoAuthor, current)))
        .as("a node without the manifest cannot tell an author from a stranger").isEqualTo(current);
    assertThat(subscriber.selectIndex(key, List.of(current, old))).isZero();

    assertThatThrownBy(() -> subscriber.validate(key, byStranger)).hasMessageContaining("did not authorise");
    Ed25519PrivateKey otherFeed = Ed25519PrivateKey.generate(random);
    assertThatThrownBy(() -> subscriber.validate(FeedHeadRecords.key(new FeedId(otherFeed.publicKey())), current))
        .hasMessageContaining("another feed");
    assertThatThrownBy(() -> subscriber.select(key, List.of(byStranger, new byte[3])))
        .isInstanceOf(FeedException.class);
  }
}
