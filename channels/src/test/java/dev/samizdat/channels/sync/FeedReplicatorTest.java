package dev.samizdat.channels.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.FeedStore;
import dev.samizdat.channels.feed.ForkProof;
import dev.samizdat.channels.feed.InMemoryFeedStore;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.post.Post;
import dev.samizdat.channels.wire.WireWriter;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MalformedInputException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedReplicatorTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final FeedReplicator.Limits SMALL_BATCHES = new FeedReplicator.Limits(64, 64,
      FeedMessage.MAX_BATCH_BYTES);
  private final Ed25519PrivateKey feedKey = Ed25519PrivateKey.generate(new SecureRandom());
  private final FeedId feed = new FeedId(feedKey.publicKey());

  private List<FeedEntry> writeFeed(InMemoryFeedStore store, int posts) {
    FeedLog log = new FeedLog(store);
    List<FeedEntry> written = new ArrayList<>();
    written.add(log.create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "dispatches", "", List.of(), List.of()),
        NOW));
    for (int i = 0; i < posts; i++) {
      written.add(post(log, "dispatch " + i, NOW + i));
    }
    return written;
  }

  private FeedEntry post(FeedLog log, String text, long now) {
    return log.append(feed, ContentType.POST, Post.text(text).encode(), feedKey, now);
  }

  private static List<byte[]> encoded(List<FeedEntry> entries) {
    return entries.stream().map(FeedEntry::encoded).toList();
  }

  @Test
  void authorPosts200EntriesThreeReplicasConvergeTheAuthorIsDiscardedAFourthCatchesUpFromTheOthers() {
    ReplicationNetwork network = new ReplicationNetwork(feed, SMALL_BATCHES, NOW + 1_000);
    ReplicationNetwork.Node author = network.node("author");
    List<FeedEntry> written = writeFeed(author.store, 200);
    ReplicationNetwork.Node r1 = network.node("r1");
    ReplicationNetwork.Node r2 = network.node("r2");
    ReplicationNetwork.Node r3 = network.node("r3");
    network.connect(author, r1);
    network.connect(r1, r2);
    network.connect(r2, r3);
    network.connect(author, r3);
    network.run();
    for (ReplicationNetwork.Node replica : List.of(r1, r2, r3)) {
      assertThat(replica.store.entries(feed, 0, 1000)).containsExactlyElementsOf(written);
    }

    FeedLog authorLog = new FeedLog(author.store);
    List<FeedEntry> live = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      live.add(post(authorLog, "live " + i, NOW + 500 + i));
    }
    network.appendedLocally(author, live);
    network.run();
    written.addAll(live);
    for (ReplicationNetwork.Node replica : List.of(r1, r2, r3)) {
      assertThat(replica.store.headSequence(feed)).isEqualTo(205);
    }

    network.disconnect(author);
    author.store = null;
    ReplicationNetwork.Node r4 = network.node("r4");
    network.connect(r4, r2);
    network.connect(r4, r3);
    network.run();

    List<FeedEntry> caughtUp = r4.store.entries(feed, 0, 1000);
    assertThat(encoded(caughtUp)).zipSatisfy(encoded(written), (got, expected) -> assertThat(got).isEqualTo(expected))
        .hasSize(206);
    assertThat(r4.verified).as("every entry r4 stored was decoded and verified").isGreaterThanOrEqualTo(206);
    assertThat(new FeedLog(r4.store).manifest(feed).name()).isEqualTo("dispatches");
    assertThat(network.misbehaviour).isEmpty();
  }

  @Test
  void forgedEntryBrokenChainReplayedHeadOversizedEntryAndEquivocationAreRejectedOrKeptAsProof() {
    InMemoryFeedStore authorStore = new InMemoryFeedStore();
    List<FeedEntry> written = writeFeed(authorStore, 10);
    InMemoryFeedStore victimStore = new InMemoryFeedStore();
    FeedReplicator victim = new FeedReplicator(feed, victimStore, id -> true, SMALL_BATCHES);
    assertThat(victim.start()).singleElement().isEqualTo(
        new SyncAction.Send(new FeedMessage.Request(feed, 0, 64)));

    // Forged: entry 3's signature does not verify. Entries 0..2 are kept, the rest of the batch refused.
    List<byte[]> batch = new ArrayList<>(encoded(written));
    byte[] forged = batch.get(3).clone();
    forged[forged.length - 1] ^= 1;
    batch.set(3, forged);
    List<SyncAction> actions = victim.onMessage(new FeedMessage.Entries(feed, batch), NOW);
    assertThat(actions).first().isInstanceOf(SyncAction.Appended.class);
    assertThat(actions).last().isInstanceOfSatisfying(SyncAction.Misbehaving.class,
        bad -> assertThat(bad.reason()).contains("bad signature"));
    assertThat(victimStore.headSequence(feed)).isEqualTo(2);

    // Broken chain: a validly signed entry 3 that does not name entry 2's hash.
    actions = victim.onMessage(FeedMessage.Head.of(written.get(10)), NOW);
    assertThat(actions).singleElement().isEqualTo(new SyncAction.Send(new FeedMessage.Request(feed, 3, 64)));
    FeedEntry offChain = FeedEntry.sign(feed, 3, new byte[32], NOW, ContentType.POST, Post.text("x").encode(),
        feedKey);
    actions = victim.onMessage(new FeedMessage.Entries(feed, List.of(offChain.encoded())), NOW);
    assertThat(actions).as("the remote's own entry 2, to see whether it holds another branch")
        .singleElement().isEqualTo(new SyncAction.Send(new FeedMessage.Request(feed, 2, 1)));
    actions = victim.onMessage(new FeedMessage.Entries(feed, List.of(written.get(2).encoded())), NOW);
    assertThat(actions).singleElement().isInstanceOfSatisfying(SyncAction.Misbehaving.class,
        bad -> assertThat(bad.reason()).contains("entry 3 that does not chain to entry 2"));
    assertThat(victimStore.headSequence(feed)).isEqualTo(2);

    // The replicator keeps going: the next honest exchange completes the feed.
    actions = victim.onMessage(FeedMessage.Head.of(written.get(10)), NOW);
    assertThat(actions).singleElement().isEqualTo(new SyncAction.Send(new FeedMessage.Request(feed, 3, 64)));
    victim.onMessage(new FeedMessage.Entries(feed, encoded(written.subList(3, 11))), NOW);
    assertThat(victimStore.entries(feed, 0, 100)).containsExactlyElementsOf(written);

    // A replayed old head asks for nothing.
    assertThat(victim.onMessage(FeedMessage.Head.of(written.get(5)), NOW)).isEmpty();

    // Oversized: a frame carrying an entry above the limit never becomes a message.
    byte[] body = new WireWriter().u8(4).bytes(feed.toBytes()).varint(1).varint(FeedEntry.MAX_ENCODED_LENGTH + 1)
        .bytes(new byte[FeedEntry.MAX_ENCODED_LENGTH + 1]).toBytes();
    byte[] frame = new WireWriter().varint(body.length).bytes(body).toBytes();
    assertThatThrownBy(() -> FeedFrames.decode(frame)).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("entry length");

    // Entries nobody asked for are refused; the same entry pushed is taken.
    FeedEntry next = new FeedLog(authorStore).append(feed, ContentType.POST, Post.text("eleven").encode(), feedKey,
        NOW + 20);
    assertThat(victim.onMessage(new FeedMessage.Entries(feed, List.of(next.encoded())), NOW))
        .singleElement().isInstanceOf(SyncAction.Misbehaving.class);
    assertThat(victim.onMessage(new FeedMessage.Push(feed, List.of(next.encoded())), NOW))
        .singleElement().isEqualTo(new SyncAction.Appended(List.of(next)));

    // Equivocation: another entry 11, validly signed, is kept as proof and announced once.
    FeedEntry rival = FeedEntry.sign(feed, 11, written.get(10).hash(), NOW + 20, ContentType.POST,
        Post.text("another story").encode(), feedKey);
    actions = victim.onMessage(new FeedMessage.Push(feed, List.of(rival.encoded())), NOW);
    assertThat(actions).singleElement().isInstanceOfSatisfying(SyncAction.ForkFound.class, fork -> {
      assertThat(fork.proof().kept()).isEqualTo(next);
      assertThat(fork.proof().conflicting()).isEqualTo(rival);
    });
    FeedMessage.ForkNotice notice = ((SyncAction.ForkFound) actions.get(0)).notice();
    assertThat(victimStore.forks(feed)).hasSize(1);
    assertThat(victimStore.entry(feed, 11)).contains(next);
    assertThat(victim.onMessage(notice, NOW)).as("a known fork is not announced again").isEmpty();
    assertThat(victimStore.forks(feed)).hasSize(1);

    // The notice convinces a third node, which passes it on in turn.
    FeedReplicator bystander = new FeedReplicator(feed, authorStore, id -> true, SMALL_BATCHES);
    FeedMessage.ForkNotice relayed = (FeedMessage.ForkNotice) FeedFrames.decode(FeedFrames.encode(notice))
        .orElseThrow().message();
    assertThat(bystander.onMessage(relayed, NOW)).singleElement().isInstanceOf(SyncAction.ForkFound.class);
    assertThat(authorStore.forks(feed)).singleElement()
        .satisfies(proof -> assertThat(proof.kept()).isEqualTo(next));

    // After all that, the victim still serves what it verified.
    actions = victim.onMessage(new FeedMessage.Request(feed, 0, 5), NOW);
    assertThat(actions).singleElement().isInstanceOfSatisfying(SyncAction.Send.class, send ->
        assertThat(((FeedMessage.Entries) send.message()).entries()).hasSize(5));
  }

  @Test
  void aForkWhoseOtherBranchHasGrownIsFoundFromTheFirstEntryThatDoesNotChain() {
    InMemoryFeedStore readerStore = new InMemoryFeedStore();
    List<FeedEntry> ours = writeFeed(readerStore, 5);
    // The key's holder wrote another entry 5 elsewhere, and went on from it.
    InMemoryFeedStore otherStore = new InMemoryFeedStore();
    FeedLog otherLog = new FeedLog(otherStore);
    ours.subList(0, 5).forEach(e -> otherLog.accept(e, NOW));
    FeedEntry other5 = post(otherLog, "the other story", NOW + 10);
    FeedEntry other6 = post(otherLog, "and more of it", NOW + 11);

    FeedReplicator reader = new FeedReplicator(feed, readerStore, id -> true, SMALL_BATCHES);
    assertThat(reader.onMessage(FeedMessage.Head.of(other6), NOW)).singleElement()
        .isEqualTo(new SyncAction.Send(new FeedMessage.Request(feed, 6, 64)));
    assertThat(reader.onMessage(new FeedMessage.Entries(feed, List.of(other6.encoded())), NOW)).singleElement()
        .isEqualTo(new SyncAction.Send(new FeedMessage.Request(feed, 5, 1)));
    List<SyncAction> actions = reader.onMessage(new FeedMessage.Entries(feed, List.of(other5.encoded())), NOW);
    assertThat(actions).singleElement().isInstanceOfSatisfying(SyncAction.ForkFound.class, fork -> {
      assertThat(fork.proof().kept()).isEqualTo(ours.get(5));
      assertThat(fork.proof().conflicting()).isEqualTo(other5);
    });
    assertThat(reader.diverged()).isTrue();
    assertThat(readerStore.headSequence(feed)).isEqualTo(5);

    // Pushed rather than served, the same: the push that does not chain leads to the probe.
    InMemoryFeedStore secondStore = new InMemoryFeedStore();
    ours.forEach(e -> new FeedLog(secondStore).accept(e, NOW));
    FeedReplicator second = new FeedReplicator(feed, secondStore, id -> true, SMALL_BATCHES);
    assertThat(second.onMessage(new FeedMessage.Push(feed, List.of(other6.encoded())), NOW)).singleElement()
        .isEqualTo(new SyncAction.Send(new FeedMessage.Request(feed, 5, 1)));
    assertThat(second.onMessage(new FeedMessage.Entries(feed, List.of(other5.encoded())), NOW)).singleElement()
        .isInstanceOf(SyncAction.ForkFound.class);
  }

  @Test
  void aFeedThePolicyDropsIsNeitherServedNorStored() {
    InMemoryFeedStore authorStore = new InMemoryFeedStore();
    List<FeedEntry> written = writeFeed(authorStore, 3);
    FeedReplicator dropping = new FeedReplicator(feed, authorStore, id -> !id.equals(feed), SMALL_BATCHES);
    assertThat(dropping.start()).isEmpty();
    assertThat(dropping.onMessage(new FeedMessage.Request(feed, 0, 10), NOW)).singleElement()
        .isInstanceOfSatisfying(SyncAction.Send.class, send -> assertThat(send.message())
            .isInstanceOfSatisfying(FeedMessage.Error.class,
                error -> assertThat(error.code()).isEqualTo(FeedMessage.Code.NOT_SERVED)));

    InMemoryFeedStore droppingStore = new InMemoryFeedStore();
    FeedReplicator receiver = new FeedReplicator(feed, droppingStore, id -> false, SMALL_BATCHES);
    assertThat(receiver.onMessage(new FeedMessage.Push(feed, encoded(written)), NOW)).isEmpty();
    assertThat(droppingStore.headSequence(feed)).isEqualTo(-1);
  }

  @Test
  void servingStopsAtTheBatchByteLimitAndTheRequesterAsksForTheRest() {
    InMemoryFeedStore authorStore = new InMemoryFeedStore();
    FeedLog log = new FeedLog(authorStore);
    log.create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "big", "", List.of(), List.of()), NOW);
    for (int i = 0; i < 40; i++) {
      log.append(feed, ContentType.POST, Post.text("y".repeat(30_000)).encode(), feedKey, NOW);
    }
    ReplicationNetwork network = new ReplicationNetwork(feed, FeedReplicator.Limits.DEFAULT, NOW);
    ReplicationNetwork.Node author = network.node("author");
    author.store = authorStore;
    ReplicationNetwork.Node replica = network.node("replica");
    network.connect(author, replica);
    int messages = network.run();
    assertThat(replica.store.headSequence(feed)).isEqualTo(40);
    assertThat(messages).as("40 entries of 30 KB need more than one 1 MiB batch").isGreaterThan(3);
  }

  @Test
  void servingReadsEntriesAPageAtATimeAndStopsReadingNearTheByteLimit() {
    InMemoryFeedStore authorStore = new InMemoryFeedStore();
    FeedLog log = new FeedLog(authorStore);
    log.create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "big", "", List.of(), List.of()), NOW);
    for (int i = 0; i < 200; i++) {
      log.append(feed, ContentType.POST, Post.text("z".repeat(30_000)).encode(), feedKey, NOW);
    }
    List<Integer> readLimits = new ArrayList<>();
    FeedStore counting = new FeedStore() {
      @Override
      public List<FeedEntry> entries(FeedId id, long fromSequence, int limit) {
        readLimits.add(limit);
        return authorStore.entries(id, fromSequence, limit);
      }

      @Override
      public long headSequence(FeedId id) {
        return authorStore.headSequence(id);
      }

      @Override
      public Optional<FeedEntry> entry(FeedId id, long sequence) {
        return authorStore.entry(id, sequence);
      }

      @Override
      public Optional<FeedEntry> latestManifest(FeedId id) {
        return authorStore.latestManifest(id);
      }

      @Override
      public void append(FeedEntry entry) {
        throw new UnsupportedOperationException("serving only");
      }

      @Override
      public void recordFork(ForkProof proof) {
        throw new UnsupportedOperationException("serving only");
      }

      @Override
      public List<ForkProof> forks(FeedId id) {
        return authorStore.forks(id);
      }

      @Override
      public void deleteFeed(FeedId id) {
        throw new UnsupportedOperationException("serving only");
      }
    };
    FeedReplicator server = new FeedReplicator(feed, counting, id -> true, FeedReplicator.Limits.DEFAULT);

    List<SyncAction> answer = server.onMessage(new FeedMessage.Request(feed, 0, 1024), NOW);

    FeedMessage.Entries sent = (FeedMessage.Entries) ((SyncAction.Send) answer.get(0)).message();
    assertThat(sent.entries()).hasSizeBetween(30, 35); // 1 MiB of 30 KB entries
    assertThat(readLimits.stream().mapToInt(Integer::intValue).sum())
        .as("entries read to serve them").isLessThanOrEqualTo(sent.entries().size() + FeedReplicator.SERVE_PAGE_ENTRIES);
  }

  @Test
  void whatAPeerAsksForDoesNotCountAsWhatTheFeedHoldsAndAnnouncingAgainDoesNotAskTwice() {
    InMemoryFeedStore authorStore = new InMemoryFeedStore();
    writeFeed(authorStore, 3);
    FeedReplicator server = new FeedReplicator(feed, authorStore, id -> true, SMALL_BATCHES);
    server.onMessage(new FeedMessage.Request(feed, Long.MAX_VALUE / 2, 1), NOW);
    assertThat(server.remoteHead()).isEqualTo(-1);

    FeedReplicator empty = new FeedReplicator(feed, new InMemoryFeedStore(), id -> true, SMALL_BATCHES);
    assertThat(empty.start()).singleElement().isInstanceOfSatisfying(SyncAction.Send.class,
        send -> assertThat(send.message()).isInstanceOf(FeedMessage.Request.class));
    assertThat(empty.awaitingAnswer()).isTrue();
    assertThat(empty.start()).as("announced again while the first request waits").isEmpty();
  }

  @Test
  void aBatchWithAnUnreadableManifestKeepsAndAnnouncesTheEntriesBeforeItAndReportsTheSender() {
    InMemoryFeedStore authorStore = new InMemoryFeedStore();
    List<FeedEntry> written = writeFeed(authorStore, 3);
    FeedEntry unreadable = FeedEntry.sign(feed, 4, written.get(3).hash(), NOW + 10, ContentType.MANIFEST,
        new byte[] {9, 9, 9}, feedKey);
    InMemoryFeedStore readerStore = new InMemoryFeedStore();
    FeedReplicator reader = new FeedReplicator(feed, readerStore, id -> true, SMALL_BATCHES);
    reader.start();
    List<byte[]> batch = new ArrayList<>(encoded(written));
    batch.add(unreadable.encoded());

    List<SyncAction> actions = reader.onMessage(new FeedMessage.Entries(feed, batch), NOW);

    assertThat(actions).first().isEqualTo(new SyncAction.Appended(written));
    assertThat(actions).last().isInstanceOfSatisfying(SyncAction.Misbehaving.class,
        bad -> assertThat(bad.reason()).contains("entry 4 carries a manifest this node cannot read"));
    assertThat(readerStore.headSequence(feed)).isEqualTo(3);
  }

  @Test
  void entriesPushedAgainAreRecognisedWithoutCheckingTheirSignaturesAgain() {
    InMemoryFeedStore authorStore = new InMemoryFeedStore();
    List<FeedEntry> written = writeFeed(authorStore, 3);
    FeedReplicator reader = new FeedReplicator(feed, new InMemoryFeedStore(), id -> true, SMALL_BATCHES);
    reader.onMessage(new FeedMessage.Push(feed, encoded(written)), NOW);
    assertThat(reader.entriesVerified()).isEqualTo(4);

    for (int i = 0; i < 10; i++) {
      assertThat(reader.onMessage(new FeedMessage.Push(feed, encoded(written)), NOW)).isEmpty();
    }
    assertThat(reader.entriesVerified()).isEqualTo(4);

    byte[] altered = written.get(2).encoded().clone();
    altered[altered.length - 1] ^= 1; // same sequence, another signature: checked, and refused
    assertThat(reader.onMessage(new FeedMessage.Push(feed, List.of(altered)), NOW)).singleElement()
        .isInstanceOf(SyncAction.Misbehaving.class);
  }
}
