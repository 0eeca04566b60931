package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedStore;
import dev.samizdat.channels.feed.ForkProof;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The channels module's {@link FeedStore} on the node's database. Entries are keyed by feed and
 * sequence. {@link #append} is synced: the user's own entries are durable before the API answers.
 * Entries received from peers go through {@link #replicated()}, which writes them unsynced; the
 * replication adapter calls {@link #syncReplicated()} once per received batch, before it serves,
 * pushes or announces any of them, so what the node says it holds is still durable, at one fsync per
 * batch instead of one per entry. A crash before that sync loses a suffix of the batch, never a
 * middle: RocksDB recovers its write-ahead log up to the last intact record, and each entry is one
 * atomic write with its head pointer. Not thread-safe for writes (the channel worker writes).
 *
 * <p>A feed is deleted in several batches (see {@link #deleteFeed}), so that a feed of any length
 * never needs one huge batch. The first batch marks the deletion, durably, and removes what makes the
 * feed look held (its head, manifest and fork proofs); the entries then go a page at a time; the last
 * batch removes the mark. A feed whose deletion is marked reads as empty, and writing to it finishes
 * the deletion first, so a deletion cut short by a crash or a failed write never leaves entries that
 * nothing names, nor a head over missing entries: {@link #finishDeletions()} completes it.
 */
public final class RocksFeedStore implements FeedStore {
  private static final byte[] MANIFEST_SUFFIX = {'m'};
  private static final byte[] FORKS_GROUP_TAG = {'f'};
  /** Group of the marker row the per-batch sync writes; no feed id (32 bytes) is one byte long. */
  private static final byte[] SYNC_GROUP = {'s'};
  /**
   * The row listing the feeds whose deletion has begun and not ended, their ids concatenated: in the
   * (encrypted) value, since a key's suffix is stored in clear. No feed id is one byte long.
   */
  private static final RowKey DELETING = RowKey.of(new byte[] {'d'});
  /** Entries read at once when a whole feed is walked. */
  private static final int PAGE_ENTRIES = 4096;
  /** Entries deleted in one batch, with their attachments' references: bounds the batch in memory. */
  static final int DELETE_PAGE_ENTRIES = 10_000;

  private final Database db;
  private final BlobStore blobs;
  private final Set<FeedId> unsynced = new HashSet<>();
  private final FeedStore replicated = new Replicated();
  /**
   * The feeds {@link #DELETING} listed when last read here, which read as empty until their deletion
   * ends. Another instance on the database may have ended one since: see {@link #deleting(FeedId)}.
   */
  private final Set<FeedId> deleting = ConcurrentHashMap.newKeySet();

  public RocksFeedStore(Database db) {
    this.db = db;
    this.blobs = new BlobStore(db, this::entry);
    deleting.addAll(deletingRow());
  }

  /** The attachments, whose references this store keeps as it writes and deletes entries. */
  BlobStore blobs() {
    return blobs;
  }

  /** This store, but appends are written unsynced until {@link #syncReplicated()}. */
  FeedStore replicated() {
    return replicated;
  }

  /** Whether entries appended through {@link #replicated()} await {@link #syncReplicated()}. */
  boolean hasUnsynced() {
    return !unsynced.isEmpty();
  }

  /**
   * Makes every entry written through {@link #replicated()} durable: one synced write (a marker
   * row), which syncs the write-ahead log holding the unsynced writes before it.
   */
  void syncReplicated() {
    if (unsynced.isEmpty()) {
      return;
    }
    db.batch().put(Table.FEED_META, new RowKey(SYNC_GROUP, SYNC_GROUP), new byte[] {1}).commit(true);
    unsynced.clear();
  }

  @Override
  public Optional<FeedEntry> entry(FeedId feed, long sequence) {
    if (deleting(feed)) {
      return Optional.empty();
    }
    return Optional.ofNullable(db.get(Table.FEED_ENTRIES, RowKey.of(feed.toBytes(), sequence)))
        .map(FeedEntry::decodeStored);
  }

  @Override
  public long headSequence(FeedId feed) {
    byte[] head = db.get(Table.FEED_META, headKey(feed));
    return head == null ? -1 : ByteBuffer.wrap(head).getLong();
  }

  @Override
  public List<FeedEntry> entries(FeedId feed, long fromSequence, int limit) {
    if (deleting(feed)) {
      return List.of();
    }
    byte[] from = ByteBuffer.allocate(Long.BYTES).putLong(Math.max(0, fromSequence)).array();
    List<FeedEntry> entries = new ArrayList<>();
    for (Database.Row row : db.scan(Table.FEED_ENTRIES, feed.toBytes(), from, limit)) {
      entries.add(FeedEntry.decodeStored(row.value()));
    }
    return entries;
  }

  /** Every stored entry of a feed, in order, read a page at a time. */
  void forEachEntry(FeedId feed, Consumer<FeedEntry> action) {
    for (long from = 0; ; ) {
      List<FeedEntry> page = entries(feed, from, PAGE_ENTRIES);
      page.forEach(action);
      if (page.size() < PAGE_ENTRIES) {
        return;
      }
      from = page.get(page.size() - 1).sequence() + 1;
    }
  }

  @Override
  public Optional<FeedEntry> latestManifest(FeedId feed) {
    byte[] sequence = db.get(Table.FEED_META, new RowKey(feed.toBytes(), MANIFEST_SUFFIX));
    return sequence == null ? Optional.empty() : entry(feed, ByteBuffer.wrap(sequence).getLong());
  }

  @Override
  public void append(FeedEntry entry) {
    write(entry, true);
    unsynced.clear(); // a synced write syncs the log before it too
  }

  private void write(FeedEntry entry, boolean durable) {
    if (deleting(entry.feed())) {
      finishDeletion(entry.feed()); // else the unfinished deletion would take this entry with the old ones
    }
    byte[] feed = entry.feed().toBytes();
    byte[] sequence = ByteBuffer.allocate(Long.BYTES).putLong(entry.sequence()).array();
    Database.Batch batch = db.batch()
        .put(Table.FEED_ENTRIES, RowKey.of(feed, entry.sequence()), entry.encoded());
    if (entry.sequence() > headSequence(entry.feed())) {
      batch.put(Table.FEED_META, headKey(entry.feed()), sequence);
    }
    if (entry.contentType() == ContentType.MANIFEST) {
      batch.put(Table.FEED_META, new RowKey(feed, MANIFEST_SUFFIX), sequence);
    }
    blobs.stageReferences(batch, entry);
    batch.commit(durable);
  }

  private static RowKey headKey(FeedId feed) {
    return new RowKey(feed.toBytes(), new byte[] {'h'});
  }

  @Override
  public void recordFork(ForkProof proof) {
    RowKey key = RowKey.of(forksGroup(proof.feed()), proof.sequence());
    if (db.get(Table.FEED_META, key) != null) {
      return;
    }
    byte[] kept = proof.kept().encoded();
    byte[] conflicting = proof.conflicting().encoded();
    byte[] value = ByteBuffer.allocate(8 + kept.length + conflicting.length)
        .putInt(kept.length).put(kept).putInt(conflicting.length).put(conflicting).array();
    db.batch().put(Table.FEED_META, key, value).commit(true);
  }

  @Override
  public List<ForkProof> forks(FeedId feed) {
    List<ForkProof> proofs = new ArrayList<>();
    for (Database.Row row : db.scan(Table.FEED_META, forksGroup(feed), null, Integer.MAX_VALUE)) {
      ByteBuffer in = ByteBuffer.wrap(row.value());
      byte[] kept = new byte[in.getInt()];
      in.get(kept);
      byte[] conflicting = new byte[in.getInt()];
      in.get(conflicting);
      proofs.add(new ForkProof(FeedEntry.decodeStored(kept), FeedEntry.decodeStored(conflicting)));
    }
    return proofs;
  }

  /**
   * Deletes every row of a feed, in batches, each releasing the attachments of the entries it deletes;
   * see the class comment for why a crash part-way leaves nothing behind.
   */
  @Override
  public void deleteFeed(FeedId feed) {
    if (!deleting(feed)) {
      beginDeletion(feed);
    }
    finishDeletion(feed);
  }

  /**
   * The first batch of {@link #deleteFeed}, synced: the feed is marked as being deleted, and its head,
   * manifest and fork proofs go. From here on it reads as empty, and {@link #finishDeletions()}, after a
   * crash, deletes the rest. Idempotent.
   */
  void beginDeletion(FeedId feed) {
    List<FeedId> marked = new ArrayList<>(deletingRow());
    Database.Batch batch = db.batch();
    if (!marked.contains(feed)) {
      marked.add(feed);
      batch.put(Table.FEED_META, DELETING, encodeIds(marked));
    }
    for (Database.Row row : db.scan(Table.FEED_META, forksGroup(feed), null, Integer.MAX_VALUE)) {
      batch.delete(Table.FEED_META, new RowKey(forksGroup(feed), row.suffix()));
    }
    batch.delete(Table.FEED_META, headKey(feed))
        .delete(Table.FEED_META, new RowKey(feed.toBytes(), MANIFEST_SUFFIX))
        .afterCommit(() -> deleting.add(feed))
        .commit(true);
  }

  /**
   * Deletes the next {@code limit} entries of a feed whose deletion has begun, with their attachments'
   * references, unsynced (a page lost in a crash is deleted again); returns false when none was left.
   */
  boolean deleteEntries(FeedId feed, int limit) {
    List<Database.Row> rows = db.scan(Table.FEED_ENTRIES, feed.toBytes(), null, limit);
    if (rows.isEmpty()) {
      return false;
    }
    Database.Batch batch = db.batch();
    for (Database.Row row : rows) {
      batch.delete(Table.FEED_ENTRIES, new RowKey(feed.toBytes(), row.suffix()));
    }
    blobs.stageRelease(batch, feed, rows.stream().map(row -> FeedEntry.decodeStored(row.value())).toList());
    batch.commit(false);
    return true;
  }

  /** Deletes what remains of a feed whose deletion has begun, and removes its mark (synced, with the pages before). */
  private void finishDeletion(FeedId feed) {
    while (deleteEntries(feed, DELETE_PAGE_ENTRIES)) {
      // page after page until none is left
    }
    List<FeedId> marked = new ArrayList<>(deletingRow());
    marked.remove(feed);
    Database.Batch batch = db.batch();
    if (marked.isEmpty()) {
      batch.delete(Table.FEED_META, DELETING);
    } else {
      batch.put(Table.FEED_META, DELETING, encodeIds(marked));
    }
    batch.afterCommit(() -> deleting.remove(feed)).commit(true);
  }

  /**
   * Finishes every deletion a crash or a failed write cut short (none, nearly always). Returns the
   * feeds whose deletion it finished, so the caller can rewrite the tables that held them.
   */
  List<FeedId> finishDeletions() {
    List<FeedId> unfinished = deletingRow();
    unfinished.forEach(this::finishDeletion);
    return unfinished;
  }

  /**
   * Whether the feed's deletion has begun and not ended. Only a feed listed here is checked against
   * the row, rarely: a read-only instance (the head records' validator) learns so that a deletion it
   * saw listed has ended.
   */
  private boolean deleting(FeedId feed) {
    if (!deleting.contains(feed)) {
      return false;
    }
    if (deletingRow().contains(feed)) {
      return true;
    }
    deleting.remove(feed);
    return false;
  }

  private List<FeedId> deletingRow() {
    byte[] row = db.get(Table.FEED_META, DELETING);
    List<FeedId> feeds = new ArrayList<>();
    for (int at = 0; row != null && at + Ed25519PublicKey.LENGTH <= row.length; at += Ed25519PublicKey.LENGTH) {
      feeds.add(FeedId.fromBytes(Arrays.copyOfRange(row, at, at + Ed25519PublicKey.LENGTH)));
    }
    return feeds;
  }

  private static byte[] encodeIds(List<FeedId> feeds) {
    ByteBuffer out = ByteBuffer.allocate(feeds.size() * Ed25519PublicKey.LENGTH);
    feeds.forEach(feed -> out.put(feed.toBytes()));
    return out.array();
  }

  /** Delegates to the store; only appends differ. */
  private final class Replicated implements FeedStore {
    @Override
    public Optional<FeedEntry> entry(FeedId feed, long sequence) {
      return RocksFeedStore.this.entry(feed, sequence);
    }

    @Override
    public long headSequence(FeedId feed) {
      return RocksFeedStore.this.headSequence(feed);
    }

    @Override
    public List<FeedEntry> entries(FeedId feed, long fromSequence, int limit) {
      return RocksFeedStore.this.entries(feed, fromSequence, limit);
    }

    @Override
    public Optional<FeedEntry> latestManifest(FeedId feed) {
      return RocksFeedStore.this.latestManifest(feed);
    }

    @Override
    public void append(FeedEntry entry) {
      write(entry, false);
      unsynced.add(entry.feed());
    }

    @Override
    public void recordFork(ForkProof proof) {
      RocksFeedStore.this.recordFork(proof);
    }

    @Override
    public List<ForkProof> forks(FeedId feed) {
      return RocksFeedStore.this.forks(feed);
    }

    @Override
    public void deleteFeed(FeedId feed) {
      RocksFeedStore.this.deleteFeed(feed);
    }
  }

  private static byte[] forksGroup(FeedId feed) {
    byte[] id = feed.toBytes();
    byte[] group = new byte[id.length + FORKS_GROUP_TAG.length];
    System.arraycopy(FORKS_GROUP_TAG, 0, group, 0, FORKS_GROUP_TAG.length);
    System.arraycopy(id, 0, group, FORKS_GROUP_TAG.length, id.length);
    return group;
  }
}
