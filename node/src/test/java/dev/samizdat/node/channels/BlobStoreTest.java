package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.Edit;
import dev.samizdat.channels.post.Post;
import dev.samizdat.channels.post.PostRef;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attachments leave the database with the last held feed that names them, on a real RocksDB. */
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

  @TempDir Path dir;

  @Test
  void aBlobIsDeletedWithTheLastFeedThatNamesIt() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      BlobStore blobs = store.blobs();
      writeBothFeeds(store);

      assertThat(blobs.referencingFeeds(shared.id())).containsExactlyInAnyOrder(first, second);
      assertThat(blobs.referencingFeeds(edited.id())).containsExactly(first);

      store.deleteFeed(first);
      assertThat(blobs.get(shared.id())).isPresent();
      assertThat(blobs.referencingFeeds(shared.id())).containsExactly(second);
      assertThat(blobs.get(firstOnly.id())).isEmpty();
      assertThat(blobs.get(edited.id())).isEmpty();
      assertThat(blobs.referencingFeeds(firstOnly.id())).isEmpty();

      store.deleteFeed(second);
      assertThat(blobs.get(shared.id())).isEmpty();
      assertThat(blobs.referencingFeeds(shared.id())).isEmpty();
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
  void entriesStoredBeforeReferencesExistedAreIndexedOnce() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksFeedStore store = new RocksFeedStore(db);
      writeBothFeeds(store);
      // As a database written before reference rows existed: the blobs, the entries, nothing else.
      try (Database.Batch batch = db.batch()) {
        for (Blob blob : List.of(shared, firstOnly, edited)) {
          byte[] group = BlobStore.contentKey(blob.id()).group().clone();
          group[0] = 'r';
          batch.delete(Table.FEED_META, RowKey.of(group));
        }
        batch.commit(true);
      }
      assertThat(store.blobs().referencingFeeds(shared.id())).isEmpty();

      store.blobs().indexOnce(List.of(first, second), store::forEachEntry);
      assertThat(store.blobs().referencingFeeds(shared.id())).containsExactlyInAnyOrder(first, second);
      assertThat(store.blobs().referencingFeeds(edited.id())).containsExactly(first);

      store.deleteFeed(first);
      assertThat(store.blobs().get(firstOnly.id())).isEmpty();
      assertThat(store.blobs().get(shared.id())).isPresent();
    }
  }

  /** The first feed names all three blobs (one through an edit), the second only the shared one. */
  private void writeBothFeeds(RocksFeedStore store) {
    FeedLog log = new FeedLog(store);
    List.of(shared, firstOnly, edited).forEach(store.blobs()::put);
    log.create(firstKey, new Manifest(Manifest.Kind.CHANNEL, "first", "", List.of(), List.of()), NOW);
    log.create(secondKey, new Manifest(Manifest.Kind.CHANNEL, "second", "", List.of(), List.of()), NOW);
    var post = log.append(first, ContentType.POST, new Post("both files", List.of(shared.ref("text/plain", "a"),
        firstOnly.ref("text/plain", "b"))).encode(), firstKey, NOW + 1);
    log.append(first, ContentType.EDIT, new Edit(new PostRef.BySequence(post.sequence()), new Post("a third", List.of(
        edited.ref("text/plain", "c")))).encode(), firstKey, NOW + 2);
    for (int i = 0; i < 3; i++) { // the same file in several posts: one reference per feed
      log.append(second, ContentType.POST, new Post("again", List.of(shared.ref("text/plain", "a"))).encode(),
          secondKey, NOW + 3 + i);
    }
  }

  private static Blob blob(String text) {
    return Blob.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
