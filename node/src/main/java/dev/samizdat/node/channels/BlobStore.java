package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.channels.post.BlobRef;
import dev.samizdat.channels.post.Delete;
import dev.samizdat.channels.post.Edit;
import dev.samizdat.channels.post.Post;
import dev.samizdat.channels.post.PostRef;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The attachments this node holds, content-addressed, and for each one the held posts that name it:
 * a blob leaves the database with the last post that names it (the post deleted by its author, edited
 * to other files, or its channel left), so that a seized disk keeps no file the user no longer reads.
 * Three kinds of row live in {@link Table#FEED_META}, keyed (like every row there) by keyed hashes:
 * a blob's content, its references (the posts), and per post the blobs its current version names, or
 * a tombstone once it is deleted. Edits and deletions are honoured as {@link
 * dev.samizdat.channels.post.ChannelView} honours them: an earlier post, by its number, from its author
 * or the feed key; one that names its post by hash is not resolved here, so its files are kept with
 * the feed. References change in the batch of the entry that changes them. Single writer: the channel
 * worker.
 */
final class BlobStore {
  private static final byte CONTENT_TAG = 'b';
  private static final byte REFERENCES_TAG = 'r';
  private static final byte POST_TAG = 'p';
  /** The value of a deleted post's row: no blob id is one byte long. */
  private static final byte[] TOMBSTONE = {0};
  /** Present once the reference rows name posts and cover every stored entry (the first version named feeds). */
  private static final RowKey INDEXED = RowKey.of(new byte[] {'R', 2});
  private static final RowKey INDEXED_BY_FEED = RowKey.of(new byte[] {'R'});
  private static final int POST_LENGTH = Ed25519PublicKey.LENGTH + Long.BYTES;

  /** A post of a held feed, which references name. */
  record PostKey(FeedId feed, long sequence) {
    byte[] encode() {
      return ByteBuffer.allocate(POST_LENGTH).put(feed.toBytes()).putLong(sequence).array();
    }
  }

  private final Database db;
  private final BiFunction<FeedId, Long, Optional<FeedEntry>> storedEntry;

  BlobStore(Database db, BiFunction<FeedId, Long, Optional<FeedEntry>> storedEntry) {
    this.db = db;
    this.storedEntry = storedEntry;
  }

  Optional<byte[]> get(BlobId id) {
    return Optional.ofNullable(db.get(Table.FEED_META, contentKey(id)));
  }

  /** Stores a blob attached here, before the post that names it is written. */
  void put(Blob blob) {
    db.batch().put(Table.FEED_META, contentKey(blob.id()), blob.content()).commit(true);
  }

  /** Stores a fetched blob if a held post names it; otherwise it is not kept. Returns whether it was stored. */
  boolean putIfReferenced(Blob blob) {
    if (references(blob.id()).isEmpty()) {
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

  /** Records in {@code batch} what {@code entry}, the next of its feed, changes about which posts name which blobs. */
  void stageReferences(Database.Batch batch, FeedEntry entry) {
    try {
      switch (entry.contentType()) {
        case POST -> replace(batch, new PostKey(entry.feed(), entry.sequence()), attachments(entry), false);
        case EDIT -> {
          Edit edit = Edit.decode(entry.body());
          List<BlobId> named = edit.replacement().attachments().stream().map(BlobRef::id).toList();
          if (edit.target() instanceof PostRef.ByHash) {
            replace(batch, new PostKey(entry.feed(), entry.sequence()), named, false);
          } else {
            honouredTarget(entry, edit.target()).ifPresent(post -> replace(batch, post, named, false));
          }
        }
        case DELETE -> honouredTarget(entry, Delete.decode(entry.body()).target())
            .ifPresent(post -> replace(batch, post, List.of(), true));
        default -> { }
      }
    } catch (CryptoException malformed) {
      // an unreadable edit or deletion changes nothing, as readers ignore it
    }
  }

  /**
   * Releases in {@code batch} the references of {@code feed}'s {@code entries}, which the batch deletes:
   * a blob no other held post names is deleted with them.
   */
  void stageRelease(Database.Batch batch, FeedId feed, List<FeedEntry> entries) {
    Map<BlobId, List<PostKey>> changed = new LinkedHashMap<>();
    for (FeedEntry entry : entries) {
      PostKey post = new PostKey(feed, entry.sequence());
      byte[] row = db.get(Table.FEED_META, postKey(post));
      if (row != null) {
        for (BlobId blob : decodeIds(row)) {
          changed.computeIfAbsent(blob, this::references).remove(post);
        }
        batch.delete(Table.FEED_META, postKey(post));
      }
    }
    stageReferenceRows(batch, changed);
  }

  /**
   * Builds the reference rows of entries stored before they existed (or when they named feeds rather
   * than posts), once per database: {@code storedEntries} walks a feed's stored entries in order.
   */
  void indexOnce(Iterable<FeedId> feeds, BiConsumer<FeedId, Consumer<FeedEntry>> storedEntries) {
    if (db.get(Table.FEED_META, INDEXED) != null) {
      return;
    }
    for (FeedId feed : feeds) { // rows of the first version would read as garbage: they go first
      storedEntries.accept(feed, entry -> {
        try (Database.Batch batch = db.batch()) {
          attachments(entry).forEach(blob -> batch.delete(Table.FEED_META, referencesKey(blob)));
          batch.delete(Table.FEED_META, postKey(new PostKey(feed, entry.sequence())));
          batch.commit(false);
        }
      });
    }
    for (FeedId feed : feeds) {
      storedEntries.accept(feed, entry -> {
        try (Database.Batch batch = db.batch()) {
          stageReferences(batch, entry);
          batch.commit(false);
        }
      });
    }
    db.batch().put(Table.FEED_META, INDEXED, new byte[] {1}).delete(Table.FEED_META, INDEXED_BY_FEED).commit(true);
  }

  /** The blobs the current version of {@code post} names: none once it is deleted, or if it names none. */
  List<BlobId> namedBy(PostKey post) {
    byte[] row = db.get(Table.FEED_META, postKey(post));
    return row == null ? List.of() : decodeIds(row);
  }

  /** The held feeds whose posts name {@code blob}. */
  List<FeedId> referencingFeeds(BlobId blob) {
    return references(blob).stream().map(PostKey::feed).distinct().toList();
  }

  /** The held posts that name {@code blob}, in a mutable list. */
  List<PostKey> references(BlobId blob) {
    byte[] stored = db.get(Table.FEED_META, referencesKey(blob));
    List<PostKey> posts = new ArrayList<>();
    if (stored != null) {
      ByteBuffer in = ByteBuffer.wrap(stored);
      byte[] feed = new byte[Ed25519PublicKey.LENGTH];
      while (in.remaining() >= POST_LENGTH) {
        in.get(feed);
        posts.add(new PostKey(FeedId.fromBytes(feed), in.getLong()));
      }
    }
    return posts;
  }

  /**
   * Makes {@code post} name exactly {@code named}: references it no longer makes are released (a
   * blob no other post names is deleted), new ones added; a deleted post keeps a tombstone.
   */
  private void replace(Database.Batch batch, PostKey post, List<BlobId> named, boolean deleted) {
    byte[] row = db.get(Table.FEED_META, postKey(post));
    List<BlobId> before = row == null ? List.of() : decodeIds(row);
    Set<BlobId> after = new LinkedHashSet<>(named);
    Map<BlobId, List<PostKey>> changed = new LinkedHashMap<>();
    for (BlobId blob : before) {
      if (!after.contains(blob)) {
        changed.computeIfAbsent(blob, this::references).remove(post);
      }
    }
    for (BlobId blob : after) {
      List<PostKey> posts = changed.computeIfAbsent(blob, this::references);
      if (!posts.contains(post)) {
        posts.add(post);
      }
    }
    stageReferenceRows(batch, changed);
    if (deleted) {
      batch.put(Table.FEED_META, postKey(post), TOMBSTONE);
    } else if (after.isEmpty()) {
      batch.delete(Table.FEED_META, postKey(post));
    } else {
      ByteBuffer ids = ByteBuffer.allocate(after.size() * BlobId.LENGTH);
      after.forEach(blob -> ids.put(blob.toBytes()));
      batch.put(Table.FEED_META, postKey(post), ids.array());
    }
  }

  /** The post an edit or deletion changes, if readers honour it; see the class comment. */
  private Optional<PostKey> honouredTarget(FeedEntry entry, PostRef ref) {
    if (!(ref instanceof PostRef.BySequence bySequence) || bySequence.sequence() >= entry.sequence()) {
      return Optional.empty();
    }
    PostKey post = new PostKey(entry.feed(), bySequence.sequence());
    Optional<FeedEntry> target = storedEntry.apply(entry.feed(), bySequence.sequence());
    boolean honoured = target.isPresent() && target.get().contentType() == ContentType.POST
        && (entry.signer().equals(target.get().signer()) || entry.signer().equals(entry.feed().key()))
        && !Arrays.equals(db.get(Table.FEED_META, postKey(post)), TOMBSTONE);
    return honoured ? Optional.of(post) : Optional.empty();
  }

  private void stageReferenceRows(Database.Batch batch, Map<BlobId, List<PostKey>> changed) {
    changed.forEach((blob, posts) -> {
      if (posts.isEmpty()) {
        batch.delete(Table.FEED_META, referencesKey(blob)).delete(Table.FEED_META, contentKey(blob));
      } else {
        ByteBuffer out = ByteBuffer.allocate(posts.size() * POST_LENGTH);
        posts.forEach(p -> out.put(p.encode()));
        batch.put(Table.FEED_META, referencesKey(blob), out.array());
      }
    });
  }

  private static List<BlobId> decodeIds(byte[] row) {
    List<BlobId> ids = new ArrayList<>();
    for (int i = 0; i + BlobId.LENGTH <= row.length; i += BlobId.LENGTH) {
      ids.add(BlobId.fromBytes(Arrays.copyOfRange(row, i, i + BlobId.LENGTH)));
    }
    return ids;
  }

  static RowKey contentKey(BlobId id) {
    return key(CONTENT_TAG, id);
  }

  private static RowKey referencesKey(BlobId id) {
    return key(REFERENCES_TAG, id);
  }

  static RowKey postKey(PostKey post) {
    byte[] encoded = post.encode();
    byte[] group = new byte[1 + encoded.length];
    group[0] = POST_TAG;
    System.arraycopy(encoded, 0, group, 1, encoded.length);
    return RowKey.of(group);
  }

  private static RowKey key(byte tag, BlobId id) {
    byte[] group = new byte[1 + BlobId.LENGTH];
    group[0] = tag;
    System.arraycopy(id.toBytes(), 0, group, 1, BlobId.LENGTH);
    return RowKey.of(group);
  }
}
