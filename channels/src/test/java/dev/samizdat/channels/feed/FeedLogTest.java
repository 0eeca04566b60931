package dev.samizdat.channels.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.FeedException;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedLogTest {
  private static final long NOW = 1_700_000_000_000L;
  private final SecureRandom random = new SecureRandom();
  private final Ed25519PrivateKey feedKey = Ed25519PrivateKey.generate(random);
  private final FeedId feed = new FeedId(feedKey.publicKey());
  private final InMemoryFeedStore authorStore = new InMemoryFeedStore();
  private final FeedLog author = new FeedLog(authorStore);

  private Manifest manifest(List<dev.samizdat.crypto.Ed25519PublicKey> authors) {
    return new Manifest(Manifest.Kind.CHANNEL, "news", "what happened today", authors, List.of());
  }

  private FeedEntry post(String text, long now) {
    return author.append(feed, ContentType.POST, text.getBytes(StandardCharsets.UTF_8), feedKey, now);
  }

  @Test
  void aReplicaRebuiltFromEncodedEntriesMatchesTheAuthor() {
    author.create(feedKey, manifest(List.of()), NOW);
    for (int i = 0; i < 200; i++) {
      post("post " + i, NOW + i);
    }
    InMemoryFeedStore replicaStore = new InMemoryFeedStore();
    FeedLog replica = new FeedLog(replicaStore);
    for (FeedEntry entry : authorStore.entries(feed, 0, 1000)) {
      assertThat(replica.accept(FeedEntry.decode(entry.encoded()), NOW + 1000))
          .isInstanceOf(FeedLog.Outcome.Appended.class);
    }
    assertThat(replicaStore.headSequence(feed)).isEqualTo(200);
    assertThat(replicaStore.entry(feed, 200)).isEqualTo(authorStore.entry(feed, 200));
    assertThat(replica.manifest(feed).name()).isEqualTo("news");
    FeedEntry again = authorStore.entry(feed, 17).orElseThrow();
    assertThat(replica.accept(again, NOW + 1000)).isInstanceOf(FeedLog.Outcome.AlreadyHad.class);
  }

  @Test
  void forgedSignatureIsRejectedOnDecode() {
    author.create(feedKey, manifest(List.of()), NOW);
    byte[] bytes = post("hello", NOW).encoded();
    bytes[FeedEntry.HEADER_LENGTH] ^= 1; // a bit of the body
    assertThatThrownBy(() -> FeedEntry.decode(bytes)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void entriesOutOfOrderOrOffTheChainAreRefused() {
    author.create(feedKey, manifest(List.of()), NOW);
    FeedEntry first = post("one", NOW);
    FeedEntry second = post("two", NOW);
    FeedLog replica = new FeedLog(new InMemoryFeedStore());
    replica.accept(authorStore.entry(feed, 0).orElseThrow(), NOW);
    assertThatThrownBy(() -> replica.accept(second, NOW)).isInstanceOf(FeedException.class)
        .hasMessageContaining("does not follow the head 0");
    replica.accept(first, NOW);
    FeedEntry offChain = FeedEntry.sign(feed, 2, new byte[32], NOW, ContentType.POST, new byte[1], feedKey);
    assertThatThrownBy(() -> replica.accept(offChain, NOW)).hasMessageContaining("does not chain");
  }

  @Test
  void onlyAuthorisedKeysMayAppendAndOnlyTheFeedKeyMayChangeTheManifest() {
    Ed25519PrivateKey coAuthor = Ed25519PrivateKey.generate(random);
    Ed25519PrivateKey stranger = Ed25519PrivateKey.generate(random);
    author.create(feedKey, manifest(List.of(coAuthor.publicKey())), NOW);
    author.append(feed, ContentType.POST, new byte[] {1}, coAuthor, NOW);
    assertThatThrownBy(() -> author.append(feed, ContentType.POST, new byte[] {1}, stranger, NOW))
        .hasMessageContaining("did not authorise");
    assertThatThrownBy(() -> author.append(feed, ContentType.MANIFEST, manifest(List.of()).encode(), coAuthor, NOW))
        .hasMessageContaining("only the feed key");
  }

  @Test
  void twoEntriesAtOneSequenceAreKeptAsProofOfEquivocation() {
    author.create(feedKey, manifest(List.of()), NOW);
    FeedEntry head = authorStore.entry(feed, 0).orElseThrow();
    FeedEntry accepted = post("the truth", NOW);
    FeedEntry rival = FeedEntry.sign(feed, 1, head.hash(), NOW, ContentType.POST,
        "another story".getBytes(StandardCharsets.UTF_8), feedKey);
    FeedLog.Outcome outcome = author.accept(rival, NOW);
    assertThat(outcome).isInstanceOf(FeedLog.Outcome.Fork.class);
    assertThat(authorStore.forks(feed)).singleElement().satisfies(proof -> {
      assertThat(proof.kept()).isEqualTo(accepted);
      assertThat(proof.conflicting()).isEqualTo(rival);
    });
    assertThat(authorStore.entry(feed, 1)).contains(accepted);
  }

  @Test
  void entriesFromTheFutureAndOversizedBodiesAreRefused() {
    author.create(feedKey, manifest(List.of()), NOW);
    FeedEntry head = authorStore.entry(feed, 0).orElseThrow();
    FeedEntry future = FeedEntry.sign(feed, 1, head.hash(), NOW + FeedLog.MAX_CLOCK_SKEW_MILLIS + 1,
        ContentType.POST, new byte[1], feedKey);
    assertThatThrownBy(() -> author.accept(future, NOW)).hasMessageContaining("future");
    assertThatThrownBy(() -> post("x".repeat(FeedEntry.MAX_BODY_LENGTH + 1), NOW))
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void truncatedOrOversizedBytesAreMalformed() {
    author.create(feedKey, manifest(List.of()), NOW);
    byte[] bytes = post("hello", NOW).encoded();
    for (int length = 0; length < bytes.length; length += 7) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> FeedEntry.decode(truncated))
          .isInstanceOfAny(MalformedInputException.class, AuthenticationException.class);
    }
    assertThatThrownBy(() -> FeedEntry.decode(new byte[FeedEntry.MAX_ENCODED_LENGTH + 1]))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("exceeds");
  }

  @Test
  void aStoredManifestThatDoesNotDecodeReadsAsNoManifest() {
    assertThat(authorStore.readableManifest(feed)).isEmpty();
    author.create(feedKey, manifest(List.of()), NOW);
    assertThat(authorStore.readableManifest(feed)).map(Manifest::name).contains("news");

    // a manifest entry whose body is no manifest, as only a damaged store holds (the log refuses one)
    FeedEntry head = authorStore.entry(feed, 0).orElseThrow();
    authorStore.append(FeedEntry.sign(feed, 1, head.hash(), NOW, ContentType.MANIFEST, new byte[] {9, 9, 9}, feedKey));
    assertThat(authorStore.latestManifest(feed)).isPresent();
    assertThat(authorStore.readableManifest(feed)).isEmpty();
  }

  @Test
  void aManifestEntryThatDoesNotDecodeIsRefusedAndTheEntriesBeforeItAreKept() {
    author.create(feedKey, manifest(List.of()), NOW);
    FeedEntry first = post("one", NOW);
    FeedEntry second = post("two", NOW);
    FeedEntry unreadable = FeedEntry.sign(feed, 3, second.hash(), NOW, ContentType.MANIFEST, new byte[] {9, 9, 9},
        feedKey);
    InMemoryFeedStore replicaStore = new InMemoryFeedStore();
    FeedLog replica = new FeedLog(replicaStore);
    for (FeedEntry entry : List.of(authorStore.entry(feed, 0).orElseThrow(), first, second)) {
      assertThat(replica.accept(entry, NOW)).isInstanceOf(FeedLog.Outcome.Appended.class);
    }
    assertThatThrownBy(() -> replica.accept(unreadable, NOW)).isInstanceOf(FeedException.class)
        .hasMessageContaining("entry 3 carries a manifest this node cannot read");
    assertThat(replicaStore.headSequence(feed)).isEqualTo(2);
    assertThat(replica.manifest(feed).name()).isEqualTo("news");

    FeedEntry unreadableFirst = FeedEntry.sign(feed, 0, FeedLog.NO_PREVIOUS_HASH, NOW, ContentType.MANIFEST,
        new byte[] {9, 9, 9}, feedKey);
    InMemoryFeedStore emptyStore = new InMemoryFeedStore();
    assertThatThrownBy(() -> new FeedLog(emptyStore).accept(unreadableFirst, NOW)).isInstanceOf(FeedException.class)
        .hasMessageContaining("entry 0 carries a manifest this node cannot read");
    assertThat(emptyStore.headSequence(feed)).isEqualTo(-1);
  }

  @Test
  void theFirstProofOfASequenceIsKeptAndALaterOneWithOtherEntriesIsAlreadyKnown() {
    author.create(feedKey, manifest(List.of()), NOW);
    FeedEntry head = authorStore.entry(feed, 0).orElseThrow();
    FeedEntry accepted = post("the truth", NOW);
    FeedEntry rival = FeedEntry.sign(feed, 1, head.hash(), NOW, ContentType.POST, new byte[] {1}, feedKey);
    FeedEntry thirdStory = FeedEntry.sign(feed, 1, head.hash(), NOW, ContentType.POST, new byte[] {2}, feedKey);

    assertThat(author.accept(rival, NOW)).isEqualTo(new FeedLog.Outcome.Fork(new ForkProof(accepted, rival), true));
    assertThat(author.accept(thirdStory, NOW)).as("a third entry at a sequence with a proof")
        .isEqualTo(new FeedLog.Outcome.Fork(new ForkProof(accepted, rival), false));
    assertThat(author.acceptForkProof(rival, thirdStory)).as("a proof of two other entries there")
        .isEqualTo(new FeedLog.Outcome.Fork(new ForkProof(accepted, rival), false));

    authorStore.recordFork(new ForkProof(rival, thirdStory));
    assertThat(authorStore.forks(feed)).containsExactly(new ForkProof(accepted, rival));
  }
}
