package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.channels.post.BlobRef;
import dev.samizdat.channels.post.Edit;
import dev.samizdat.channels.post.Post;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The attachments this node holds, content-addressed, and for each one the held feeds that name it
 * in a post or an edit: a blob leaves the database with the last feed that names it, so that a seized
 * disk does not keep the files of a channel the user left. A feed's references are added in the batch
 * of the entry that names the blob and released in the batch that deletes the entry. Both kinds of
 * row live in {@link Table#FEED_META}, keyed (like every row there) by keyed hashes. Single writer:
 * the channel worker.
 */
final class BlobStore {
  private static final byte CONTENT_TAG = 'b';
  private static final byte REFERENCES_TAG = 'r';
  /** Present once the reference rows cover every stored entry: entries stored before them are indexed once. */
  private static final RowKey INDEXED = RowKey.of(new byte[] {'R'});
  private static final int FEED_ID_LENGTH = Ed25519PublicKey.LENGTH;

  private final Database db;

  BlobStore(Database db) {
    this.db = db;
  }

  Optional<byte[]> get(BlobId id) {
    return Optional.ofNullable(db.get(Table.FEED_META, contentKey(id)));
  }

  /** Stores a blob attached here, before the post that names it is written. */
  void put(Blob blob) {
    db.batch().put(Table.FEED_META, contentKey(blob.id()), blob.content()).commit(true);
  }

  /** Stores a fetched blob if a held entry names it; otherwise it is not kept. Returns whether it was stored. */
  boolean putIfReferenced(Blob blob) {
    if (referencingFeeds(blob.id()).isEmpty()) {
      return false;
    }
    put(blob);
    return true;
  }

  /** Deletes a blob's content (the user's policy drops it) but keeps its references: allowed again, it is fetched again. */
  void deleteContent(BlobId id) {
    db.batch().delete(Table.FEED_META, contentKey(id)).commit(true);
  }

  /** The blobs an entry names: a post's or an edit's attachments; none for other entries or a malformed body. */
  static List<BlobId> attachments(FeedEntry entry) {
    try {
      List<BlobRef> refs = entry.contentType() == ContentType.POST ? Post.decode(entry.body()).attachments()
          : entry.contentType() == ContentType.EDIT ? Edit.decode(entry.body()).replacement().attachments()
          : List.of();
      return refs.stream().map(BlobRef::id).toList();
    } catch (CryptoException malformed) {
      return List.of(); // shown as unreadable; it names nothing this node would fetch
    }
  }

  /** Records in {@code batch} that {@code entry}'s feed names the entry's attachments. */
  void stageReferences(Database.Batch batch, FeedEntry entry) {
    for (BlobId blob : attachments(entry)) {
      List<FeedId> feeds = referencingFeeds(blob);
      if (!feeds.contains(entry.feed())) {
        feeds.add(entry.feed());
        batch.put(Table.FEED_META, referencesKey(blob), encode(feeds));
      }
    }
  }

  /**
   * Releases in {@code batch} the references of {@code feed}'s {@code entries}, which the batch deletes:
   * a blob no other held feed names is deleted with it.
   */
  void stageRelease(Database.Batch batch, FeedId feed, List<FeedEntry> entries) {
    Map<ByteBuffer, List<FeedId>> remaining = new LinkedHashMap<>();
    for (FeedEntry entry : entries) {
      for (BlobId blob : attachments(entry)) {
        remaining.computeIfAbsent(ByteBuffer.wrap(blob.toBytes()), b -> referencingFeeds(blob)).remove(feed);
      }
    }
    remaining.forEach((bytes, feeds) -> {
      BlobId blob = BlobId.fromBytes(bytes.array());
      if (feeds.isEmpty()) {
        batch.delete(Table.FEED_META, referencesKey(blob)).delete(Table.FEED_META, contentKey(blob));
      } else {
        batch.put(Table.FEED_META, referencesKey(blob), encode(feeds));
      }
    });
  }

  /**
   * Builds the reference rows of entries stored before they existed, once per database: {@code
   * storedEntries} walks a feed's stored entries.
   */
  void indexOnce(Iterable<FeedId> feeds, BiConsumer<FeedId, Consumer<FeedEntry>> storedEntries) {
    if (db.get(Table.FEED_META, INDEXED) != null) {
      return;
    }
    for (FeedId feed : feeds) {
      storedEntries.accept(feed, entry -> {
        try (Database.Batch batch = db.batch()) {
          stageReferences(batch, entry);
          batch.commit(false);
        }
      });
    }
    db.batch().put(Table.FEED_META, INDEXED, new byte[] {1}).commit(true);
  }

  /** The held feeds that name {@code blob}, in a mutable list. */
  List<FeedId> referencingFeeds(BlobId blob) {
    byte[] stored = db.get(Table.FEED_META, referencesKey(blob));
    List<FeedId> feeds = new ArrayList<>();
    if (stored != null) {
      for (int i = 0; i + FEED_ID_LENGTH <= stored.length; i += FEED_ID_LENGTH) {
        feeds.add(FeedId.fromBytes(Arrays.copyOfRange(stored, i, i + FEED_ID_LENGTH)));
      }
    }
    return feeds;
  }

  private static byte[] encode(List<FeedId> feeds) {
    ByteBuffer out = ByteBuffer.allocate(feeds.size() * FEED_ID_LENGTH);
    feeds.forEach(feed -> out.put(feed.toBytes()));
    return out.array();
  }

  static RowKey contentKey(BlobId id) {
    return key(CONTENT_TAG, id);
  }

  private static RowKey referencesKey(BlobId id) {
    return key(REFERENCES_TAG, id);
  }

  private static RowKey key(byte tag, BlobId id) {
    byte[] group = new byte[1 + BlobId.LENGTH];
    group[0] = tag;
    System.arraycopy(id.toBytes(), 0, group, 1, BlobId.LENGTH);
    return RowKey.of(group);
  }
}
