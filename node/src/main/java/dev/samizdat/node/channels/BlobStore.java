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
import java.util.HashSet;
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
 * a blob's content, one reference row per post that names it, and per post the blobs its current
 * version names (with the numbers of their reference rows), or a tombstone once it is deleted. A
 * reference is one row, not an entry in a list per blob, so that adding or releasing one costs the
 * same however many posts name the blob. Edits and deletions are honoured as {@link
 * dev.samizdat.channels.post.ChannelView} honours them: an earlier post, by its number, from its author
 * or the feed key; one that names its post by hash is not resolved here, so its files are kept with
 * the feed. References change in the batch of the entry that changes them. Single writer: the channel
 * worker.
 */
final class BlobStore {
  private static final byte CONTENT_TAG = 'b';
  /**
   * A blob's references as earlier versions kept them, one row listing every feed (the first version)
   * or post (the second) that names it, rewritten on every change: read only to be deleted.
   */
  private static final byte LISTED_REFERENCES_TAG = 'r';
  /** A blob's reference rows: numbered in the suffix (a count, nothing about the post), the post in the value. */
  private static final byte REFERENCE_TAG = 'q';
  private static final byte POST_TAG = 'p';
  /** The value of a deleted post's row: no blob id is one byte long. */
  private static final byte[] TOMBSTONE = {0};
  /** Present once the reference rows are one per post and cover every stored entry. */
  private static final RowKey INDEXED = RowKey.of(new byte[] {'R', 3});
  /** The markers of the earlier versions' references, which {@link #indexOnce} replaces. */
  private static final List<RowKey> INDEXED_BEFORE = List.of(RowKey.of(new byte[] {'R'}), RowKey.of(new byte[] {'R', 2}));
  private static final int POST_LENGTH = Ed25519PublicKey.LENGTH + Long.BYTES;
  /** In a post's row, per blob it names: the blob's id and the number of its reference row. */
  private static final int NAMED_LENGTH = BlobId.LENGTH + Long.BYTES;

  /** A post of a held feed, which references name. */
  record PostKey(FeedId feed, long sequence) {
    byte[] encode() {
      return ByteBuffer.allocate(POST_LENGTH).put(feed.toBytes()).putLong(sequence).array();
    }

    static PostKey decode(byte[] encoded) {
      ByteBuffer in = ByteBuffer.wrap(encoded);
      byte[] feed = new byte[Ed25519PublicKey.LENGTH];
      in.get(feed);
      return new PostKey(FeedId.fromBytes(feed), in.getLong());
    }
  }

  /** A blob a post names, and the number of the reference row that says so. */
  private record Named(BlobId blob, long reference) {}

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
    if (!referenced(blob.id())) {
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
    Map<BlobId, Set<Long>> released = new LinkedHashMap<>();
    for (FeedEntry entry : entries) {
      RowKey post = postKey(new PostKey(feed, entry.sequence()));
      byte[] row = db.get(Table.FEED_META, post);
      if (row != null) {
        for (Named named : decodeNamed(row)) {
          released.computeIfAbsent(named.blob(), blob -> new HashSet<>()).add(named.reference());
        }
        batch.delete(Table.FEED_META, post);
      }
    }
    released.forEach((blob, references) -> stageRemoval(batch, blob, references));
  }

  /**
   * Builds the reference rows of entries stored before they existed (or when they named feeds rather
   * than posts), once per database: {@code storedEntries} walks a feed's stored entries in order.
   */
  void indexOnce(Iterable<FeedId> feeds, BiConsumer<FeedId, Consumer<FeedEntry>> storedEntries) {
    if (db.get(Table.FEED_META, INDEXED) != null) {
      return;
    }
    Set<BlobId> cleared = new HashSet<>(); // each blob's rows once: a blob may be named by many posts
    for (FeedId feed : feeds) { // rows of earlier versions, or of a rebuild cut short, go first
      storedEntries.accept(feed, entry -> {
        try (Database.Batch batch = db.batch()) {
          for (BlobId blob : attachments(entry)) {
            if (cleared.add(blob)) {
              batch.delete(Table.FEED_META, key(LISTED_REFERENCES_TAG, blob));
              for (Database.Row row : db.scan(Table.FEED_META, referenceGroup(blob), null, Integer.MAX_VALUE)) {
                batch.delete(Table.FEED_META, new RowKey(referenceGroup(blob), row.suffix()));
              }
            }
          }
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
    Database.Batch done = db.batch().put(Table.FEED_META, INDEXED, new byte[] {1});
    INDEXED_BEFORE.forEach(marker -> done.delete(Table.FEED_META, marker));
    done.commit(true);
  }

  /** The blobs the current version of {@code post} names: none once it is deleted, or if it names none. */
  List<BlobId> namedBy(PostKey post) {
    byte[] row = db.get(Table.FEED_META, postKey(post));
    return row == null ? List.of() : decodeNamed(row).stream().map(Named::blob).toList();
  }

  /** The held feeds whose posts name {@code blob}. */
  List<FeedId> referencingFeeds(BlobId blob) {
    return references(blob).stream().map(PostKey::feed).distinct().toList();
  }

  /** The held posts that name {@code blob}, in a mutable list. */
  List<PostKey> references(BlobId blob) {
    List<PostKey> posts = new ArrayList<>();
    for (Database.Row row : db.scan(Table.FEED_META, referenceGroup(blob), null, Integer.MAX_VALUE)) {
      posts.add(PostKey.decode(row.value()));
    }
    return posts;
  }

  /** Whether a held post names {@code blob}: one row read, however many do. */
  boolean referenced(BlobId blob) {
    return !db.scan(Table.FEED_META, referenceGroup(blob), null, 1).isEmpty();
  }

  /**
   * Makes {@code post} name exactly {@code named}: references it no longer makes are released (a
   * blob no other post names is deleted), new ones added; a deleted post keeps a tombstone.
   */
  private void replace(Database.Batch batch, PostKey post, List<BlobId> named, boolean deleted) {
    byte[] row = db.get(Table.FEED_META, postKey(post));
    Map<BlobId, Long> before = new LinkedHashMap<>();
    if (row != null) {
      decodeNamed(row).forEach(n -> before.put(n.blob(), n.reference()));
    }
    Set<BlobId> after = new LinkedHashSet<>(named);
    before.forEach((blob, reference) -> {
      if (!after.contains(blob)) {
        stageRemoval(batch, blob, Set.of(reference));
      }
    });
    List<Named> now = new ArrayList<>();
    for (BlobId blob : after) {
      Long reference = before.get(blob);
      if (reference == null) {
        reference = nextReference(blob);
        batch.put(Table.FEED_META, new RowKey(referenceGroup(blob), counter(reference)), post.encode());
      }
      now.add(new Named(blob, reference));
    }
    if (deleted) {
      batch.put(Table.FEED_META, postKey(post), TOMBSTONE);
    } else if (now.isEmpty()) {
      batch.delete(Table.FEED_META, postKey(post));
    } else {
      ByteBuffer ids = ByteBuffer.allocate(now.size() * NAMED_LENGTH);
      now.forEach(n -> ids.put(n.blob().toBytes()).putLong(n.reference()));
      batch.put(Table.FEED_META, postKey(post), ids.array());
    }
  }

  /**
   * Deletes in {@code batch} the reference rows {@code references} of {@code blob}, and the blob
   * with them if no other row names it: at most one row more than those deleted is read.
   */
  private void stageRemoval(Database.Batch batch, BlobId blob, Set<Long> references) {
    byte[] group = referenceGroup(blob);
    references.forEach(reference -> batch.delete(Table.FEED_META, new RowKey(group, counter(reference))));
    boolean stillNamed = db.scan(Table.FEED_META, group, null, references.size() + 1).stream()
        .anyMatch(row -> !references.contains(ByteBuffer.wrap(row.suffix()).getLong()));
    if (!stillNamed) {
      batch.delete(Table.FEED_META, contentKey(blob));
    }
  }

  /**
   * The number for a new reference row of {@code blob}: after the highest one, read from the end of
   * its rows. One entry's batch adds at most one reference per blob, so numbers are not handed out twice.
   */
  private long nextReference(BlobId blob) {
    List<Database.Row> last = db.scanBackward(Table.FEED_META, referenceGroup(blob), null, 1);
    return last.isEmpty() ? 0 : ByteBuffer.wrap(last.get(0).suffix()).getLong() + 1;
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

  private static List<Named> decodeNamed(byte[] row) {
    List<Named> named = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(row);
    byte[] id = new byte[BlobId.LENGTH];
    while (in.remaining() >= NAMED_LENGTH) {
      in.get(id);
      named.add(new Named(BlobId.fromBytes(id.clone()), in.getLong()));
    }
    return named;
  }

  private static byte[] counter(long reference) {
    return ByteBuffer.allocate(Long.BYTES).putLong(reference).array();
  }

  static RowKey contentKey(BlobId id) {
    return key(CONTENT_TAG, id);
  }

  private static byte[] referenceGroup(BlobId id) {
    return key(REFERENCE_TAG, id).group();
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
