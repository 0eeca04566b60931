package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.Delete;
import dev.samizdat.channels.post.Edit;
import dev.samizdat.channels.post.Post;
import dev.samizdat.channels.post.PostRef;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.node.channels.BlobStore.PostKey;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attachments leave the database with the last held post that names them, on a real RocksDB. */
class BlobStoreTest {
  private static final long NOW = 1_700_000_000_000L;
  private final SecureRandom random = new SecureRandom();
  private final Ed25519PrivateKey firstKey = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey secondKey = Ed25519PrivateKey.generate(random);
  private final FeedId first = new FeedId(firstKey.publicKey());
  private final FeedId second = new FeedId(secondKey.publicKey());
  private final Blob shared = blob("in both channels");
  private final Blob firstOnly = blob("in the first channel only");
  private final Blob edited = blob("named by an edit");
  private long time = NOW;

  @TempDir Path dir;

  @Test
  void aBlobIsDeletedWithTheLastFeedThatNamesIt() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      BlobStore blobs = store.blobs();
      writeBothFeeds(store);

      assertThat(blobs.referencingFeeds(shared.id())).containsExactlyInAnyOrder(first, second);
      assertThat(blobs.references(shared.id())).hasSize(4); // one post in the first feed, three in the second

      store.deleteFeed(first);
      assertThat(blobs.get(shared.id())).isPresent();
      assertThat(blobs.referencingFeeds(shared.id())).containsExactly(second);
      assertThat(blobs.get(firstOnly.id())).isEmpty();
      assertThat(blobs.references(firstOnly.id())).isEmpty();

      store.deleteFeed(second);
      assertThat(blobs.get(shared.id())).isEmpty();
      assertThat(blobs.references(shared.id())).isEmpty();
    }
  }

  @Test
  void anEditReleasesTheFilesItReplacesAndADeletionTheRest() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      BlobStore blobs = store.blobs();
      FeedLog log = new FeedLog(store);
      List.of(shared, firstOnly, edited).forEach(blobs::put);
      log.create(firstKey, new Manifest(Manifest.Kind.CHANNEL, "first", "", List.of(), List.of()), time++);
      FeedEntry both = append(log, ContentType.POST, post(shared, firstOnly));
      FeedEntry again = append(log, ContentType.POST, post(firstOnly));

      append(log, ContentType.EDIT, new Edit(new PostRef.BySequence(both.sequence()), postOf(edited, shared)).encode());
      assertThat(blobs.references(firstOnly.id())).containsExactly(new PostKey(first, again.sequence()));
      assertThat(blobs.references(edited.id())).containsExactly(new PostKey(first, both.sequence()));

      append(log, ContentType.DELETE, new Delete(new PostRef.BySequence(again.sequence()), Optional.empty()).encode());
      assertThat(blobs.get(firstOnly.id())).as("its last post deleted").isEmpty();
      assertThat(blobs.get(shared.id())).isPresent();

      append(log, ContentType.DELETE, new Delete(new PostRef.BySequence(both.sequence()), Optional.of("gone")).encode());
      assertThat(blobs.get(shared.id())).isEmpty();
      assertThat(blobs.get(edited.id())).isEmpty();

      // Readers ignore an edit of a deleted post, an edit of a later entry, and one of no post at all.
      append(log, ContentType.EDIT, new Edit(new PostRef.BySequence(both.sequence()), postOf(firstOnly)).encode());
      append(log, ContentType.EDIT, new Edit(new PostRef.BySequence(99), postOf(firstOnly)).encode());
      append(log, ContentType.EDIT, new Edit(new PostRef.BySequence(0), postOf(firstOnly)).encode());
      assertThat(blobs.references(firstOnly.id())).isEmpty();
    }
  }

  @Test
  void aFetchedBlobIsKeptOnlyWhileAHeldPostNamesIt() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      BlobStore blobs = store.blobs();
      writeBothFeeds(store);
      Blob stray = blob("named by no post");

      assertThat(blobs.putIfReferenced(stray)).isFalse();
      assertThat(blobs.get(stray.id())).isEmpty();
      blobs.deleteContent(shared.id());
      assertThat(blobs.putIfReferenced(shared)).isTrue();
      assertThat(blobs.get(shared.id())).hasValueSatisfying(b -> assertThat(b).isEqualTo(shared.content()));
    }
  }

  @Test
  void referencesOfAnEarlierVersionAreRebuiltOnce() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      writeBothFeeds(store);
      // As the first version left the database: references naming feeds, no post rows, its marker.
      try (Database.Batch batch = db.batch()) {
        for (Blob blob : List.of(shared, firstOnly, edited)) {
          byte[] group = BlobStore.contentKey(blob.id()).group().clone();
          group[0] = 'r';
          batch.put(Table.FEED_META, RowKey.of(group), ByteBuffer.allocate(64).put(first.toBytes())
              .put(second.toBytes()).array());
        }
        store.forEachEntry(first, e -> batch.delete(Table.FEED_META, BlobStore.postKey(new PostKey(first, e.sequence()))));
        store.forEachEntry(second, e -> batch.delete(Table.FEED_META, BlobStore.postKey(new PostKey(second, e.sequence()))));
        batch.delete(Table.FEED_META, RowKey.of(new byte[] {'R', 2})).put(Table.FEED_META, RowKey.of(new byte[] {'R'}),
            new byte[] {1});
        batch.commit(true);
      }

      store.blobs().indexOnce(List.of(first, second), store::forEachEntry);
      assertThat(store.blobs().referencingFeeds(shared.id())).containsExactlyInAnyOrder(first, second);
      assertThat(store.blobs().references(shared.id())).hasSize(4);

      store.deleteFeed(first);
      assertThat(store.blobs().get(firstOnly.id())).isEmpty();
      assertThat(store.blobs().get(shared.id())).isPresent();
    }
  }

  @Test
  void referencesOfTheSecondVersionAreRebuiltAsOneRowPerPost() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      writeBothFeeds(store);
      // As the second version left the database: per blob one row listing its posts, post rows of bare ids.
      try (Database.Batch batch = db.batch()) {
        for (Blob blob : List.of(shared, firstOnly, edited)) {
          List<PostKey> posts = store.blobs().references(blob.id());
          ByteBuffer listed = ByteBuffer.allocate(posts.size() * 40);
          posts.forEach(post -> listed.put(post.encode()));
          batch.put(Table.FEED_META, RowKey.of(tagged('r', blob)), listed.array());
          for (Database.Row row : db.scan(Table.FEED_META, tagged('q', blob), null, 100)) {
            batch.delete(Table.FEED_META, new RowKey(tagged('q', blob), row.suffix()));
          }
        }
        for (FeedId feed : List.of(first, second)) {
          store.forEachEntry(feed, e -> {
            List<dev.samizdat.channels.post.BlobId> named = store.blobs().namedBy(new PostKey(feed, e.sequence()));
            if (!named.isEmpty()) {
              ByteBuffer ids = ByteBuffer.allocate(named.size() * 32);
              named.forEach(id -> ids.put(id.toBytes()));
              batch.put(Table.FEED_META, BlobStore.postKey(new PostKey(feed, e.sequence())), ids.array());
            }
          });
        }
        batch.delete(Table.FEED_META, RowKey.of(new byte[] {'R', 3})).put(Table.FEED_META,
            RowKey.of(new byte[] {'R', 2}), new byte[] {1});
        batch.commit(true);
      }

      store.blobs().indexOnce(List.of(first, second), store::forEachEntry);
      assertThat(store.blobs().references(shared.id())).hasSize(4);
      assertThat(db.get(Table.FEED_META, RowKey.of(tagged('r', shared)))).as("the listing row is gone").isNull();
      assertThat(store.blobs().namedBy(new PostKey(first, 1))).containsExactly(shared.id(), firstOnly.id());

      store.deleteFeed(first);
      assertThat(store.blobs().get(firstOnly.id())).isEmpty();
      assertThat(store.blobs().get(shared.id())).isPresent();
      store.deleteFeed(second);
      assertThat(store.blobs().get(shared.id())).isEmpty();
    }
  }

  @Test
  void aBlobNamedByThousandsOfPostsTakesOneRowPerPostAndLeavesWithTheLast() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      BlobStore blobs = store.blobs();
      blobs.put(shared);
      FeedLog log = new FeedLog(store.replicated());
      log.create(firstKey, new Manifest(Manifest.Kind.CHANNEL, "first", "", List.of(), List.of()), NOW);
      log.create(secondKey, new Manifest(Manifest.Kind.CHANNEL, "second", "", List.of(), List.of()), NOW);
      int posts = 3000;
      for (int i = 0; i < posts; i++) {
        log.append(first, ContentType.POST, post(shared), firstKey, NOW + i);
      }
      log.append(second, ContentType.POST, post(shared), secondKey, NOW);

      assertThat(blobs.references(shared.id())).hasSize(posts + 1);
      assertThat(db.get(Table.FEED_META, RowKey.of(tagged('r', shared))))
          .as("no row lists every post, to be rewritten with each").isNull();
      assertThat(db.scan(Table.FEED_META, tagged('q', shared), null, Integer.MAX_VALUE))
          .allSatisfy(row -> assertThat(row.value()).hasSize(40));

      store.deleteFeed(first);
      assertThat(blobs.get(shared.id())).isPresent();
      assertThat(blobs.references(shared.id())).containsExactly(new PostKey(second, 1));
      store.deleteFeed(second);
      assertThat(blobs.get(shared.id())).isEmpty();
      assertThat(blobs.references(shared.id())).isEmpty();
    }
  }

  /** A row group of the blob store: its tag, then the blob's id. */
  private static byte[] tagged(char tag, Blob blob) {
    byte[] group = BlobStore.contentKey(blob.id()).group().clone();
    group[0] = (byte) tag;
    return group;
  }

  /** The first feed names two blobs in one post, the second one of them in each of three posts. */
  private void writeBothFeeds(RocksFeedStore store) {
    FeedLog log = new FeedLog(store);
    List.of(shared, firstOnly, edited).forEach(store.blobs()::put);
    log.create(firstKey, new Manifest(Manifest.Kind.CHANNEL, "first", "", List.of(), List.of()), NOW);
    log.create(secondKey, new Manifest(Manifest.Kind.CHANNEL, "second", "", List.of(), List.of()), NOW);
    log.append(first, ContentType.POST, post(shared, firstOnly), firstKey, NOW + 1);
    for (int i = 0; i < 3; i++) {
      log.append(second, ContentType.POST, post(shared), secondKey, NOW + 2 + i);
    }
  }

  private FeedEntry append(FeedLog log, ContentType type, byte[] body) {
    return log.append(first, type, body, firstKey, time++);
  }

  private static byte[] post(Blob... files) {
    return postOf(files).encode();
  }

  private static Post postOf(Blob... files) {
    return new Post("files", Arrays.stream(files).map(f -> f.ref("text/plain", "f")).toList());
  }

  private static Blob blob(String text) {
    return Blob.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
