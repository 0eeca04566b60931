package dev.samizdat.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.AbstractImmutableNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.MutableColumnFamilyOptions;
import org.rocksdb.RateLimiter;
import org.rocksdb.RateLimiterMode;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one RocksDB database: a column family per {@link Table}, values of confidential tables
 * encrypted at rest, multi-row changes as one atomic {@link Batch}, and group commit: batches written
 * without a sync become durable together at the next {@link #awaitDurable()}. Thread-safe.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  /** Bumped whenever the on-disk format changes; a node refuses a database newer than it knows. */
  public static final int SCHEMA_VERSION = 2;

  static final RowKey SCHEMA_VERSION_KEY = RowKey.of("schema-version");
  /**
   * Written at a clean close: which tables had changes no purge had covered yet, so that the next run
   * purges only those; deleted at open, so that after a crash every table counts as changed.
   */
  static final RowKey PENDING_PURGES_KEY = RowKey.of("pending-purges");
  /** What {@link #latestPurge} answers for a table not purged since open: the same each time. */
  private static final CompletableFuture<Boolean> NO_PURGE = CompletableFuture.completedFuture(false);
  /** Shared by every column family: the working set of a personal node is small. */
  static final long BLOCK_CACHE_BYTES = 8L << 20;
  /** One memtable of a column family; memory is taken only as rows arrive. */
  static final long WRITE_BUFFER_BYTES = 16L << 20;
  /**
   * Memtables a column family may hold (one being written, the others full and waiting for their flush):
   * with two, one slow flush under load stopped every write to the table until it was done.
   */
  static final int MEMTABLES_PER_TABLE = 4;
  /** Memtables of all column families together: the bound on what writes can hold in memory. */
  static final long TOTAL_WRITE_BUFFER_BYTES = 64L << 20;
  /**
   * Values at least this long (message bodies, outbox frames, held envelopes) are kept in blob files
   * beside the tables, so that compaction rewrites only keys and references to them; index rows,
   * counters and states stay inline.
   */
  static final long MIN_BLOB_BYTES = 512;
  /** Above this, RocksDB flushes the memtables that keep the oldest log alive: bounds the logs on disk and replay. */
  static final long MAX_TOTAL_WAL_BYTES = 64L << 20;
  /** The oldest quarter of blob files is garbage-collected by compaction (RocksDB's default); a purge takes all. */
  static final double BLOB_GC_AGE_CUTOFF = 0.25;
  /**
   * The ceiling of flush and compaction writes, which RocksDB tunes down to what they need. Unpaced,
   * a flush or compaction writes in bursts, and a log sync that commits behind such a burst on the
   * same disk waits 50–90 ms: the tail of message latency. Paced, the p99 of a message at 2,000 /s
   * fell in each of seven paired runs (by 3–20 ms), without costing throughput; a purge takes about
   * four times as long.
   */
  static final long BACKGROUND_WRITE_BYTES_PER_SECOND = 64L << 20;
  private static final long RATE_LIMITER_REFILL_MICROS = 100_000;
  private static final int RATE_LIMITER_FAIRNESS = 10;
  /** About 1 % false positives. */
  static final double BLOOM_BITS_PER_KEY = 10;

  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final DBOptions options;
  private final ColumnFamilyOptions columnFamilyOptions;
  /** Block cache, Bloom filter policy, rate limiter and logger: native objects freed after the database. */
  private final List<AbstractImmutableNativeReference> optionResources;
  private final Map<Table, ColumnFamilyHandle> handles = new EnumMap<>(Table.class);
  private final List<ColumnFamilyHandle> allHandles;
  private final AtRestCipher cipher;
  private final WriteOptions syncWrite = new WriteOptions().setSync(true);
  private final WriteOptions asyncWrite = new WriteOptions().setSync(false);
  /** Guards {@link #syncUnderWay}. */
  private final Object syncState = new Object();
  /** The log sync under way, if any: what callers that need durability wait for. */
  private CompletableFuture<Void> syncUnderWay;
  /** The highest sequence number known to be on disk (written only by the thread syncing). */
  private volatile long syncedSequence;
  /**
   * Every level rewritten, the last one included: only then are old values dropped. Not exclusive,
   * so that the other tables' compactions go on meanwhile. Cancelled by close.
   */
  private final CompactRangeOptions purgeCompaction = new CompactRangeOptions()
      .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForce)
      .setExclusiveManualCompaction(false);
  /** Runs purges, which take seconds on a large table, off the caller's thread. */
  private final ExecutorService purger = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "samizdat-store-purge");
    thread.setDaemon(true);
    return thread;
  });
  private final Map<Table, CompletableFuture<Boolean>> purgesWaiting = new ConcurrentHashMap<>();
  private final Map<Table, CompletableFuture<Boolean>> latestPurges = new ConcurrentHashMap<>();
  /**
   * Per table, whether rows were deleted, or written, since its last purge. At open: what the last close
   * recorded; none in a new database; all after a crash.
   */
  private final Map<Table, AtomicBoolean> deletedSincePurge = flags();
  private final Map<Table, AtomicBoolean> writtenSincePurge = flags();
  private final AtomicBoolean closing = new AtomicBoolean();

  private Database(RocksDB db, DBOptions options, ColumnFamilyOptions columnFamilyOptions,
      List<AbstractImmutableNativeReference> optionResources, List<ColumnFamilyHandle> allHandles,
      AtRestCipher cipher) {
    this.db = db;
    this.options = options;
    this.columnFamilyOptions = columnFamilyOptions;
    this.optionResources = optionResources;
    this.allHandles = allHandles;
    this.cipher = cipher;
    for (Table table : Table.values()) {
      handles.put(table, allHandles.get(table.ordinal() + 1));
    }
  }

  /**
   * Opens (creating if needed) the database in {@code directory}. {@code rootSecret} is the secret
   * from which the at-rest keys are derived; the same secret must be given every time.
   *
   * @throws StoreException when the directory is unusable, locked by another process, or holds a
   *     database of a newer schema
   */
  public static Database open(Path directory, byte[] rootSecret, SecureRandom random) {
    try {
      Files.createDirectories(directory);
      // RocksDB writes its files as the umask allows (often readable by all): the directory keeps others out.
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException notPosix) {
      // the platform's defaults apply
    } catch (java.io.IOException e) {
      throw new StoreException("cannot create the database directory " + directory + ": " + e.getMessage(), e);
    }
    // Bloom filters: most point reads look for a row that is not there (has this message id been
    // seen?), which without a filter reads a block of every table file on the way down.
    LRUCache blockCache = new LRUCache(BLOCK_CACHE_BYTES);
    BloomFilter bloomFilter = new BloomFilter(BLOOM_BITS_PER_KEY);
    RateLimiter backgroundWrites = new RateLimiter(BACKGROUND_WRITE_BYTES_PER_SECOND, RATE_LIMITER_REFILL_MICROS,
        RATE_LIMITER_FAIRNESS, RateLimiterMode.WRITES_ONLY, true);
    // Memtables large enough that an outbox row or a session state overwritten per message is
    // usually gone before it is flushed (flushes and compactions took a fifth of the CPU under load
    // with 2 MiB ones), and no compression: confidential values are ciphertext.
    ColumnFamilyOptions columnFamilyOptions = new ColumnFamilyOptions().optimizeForSmallDb()
        .setWriteBufferSize(WRITE_BUFFER_BYTES).setMaxWriteBufferNumber(MEMTABLES_PER_TABLE)
        .setCompressionType(CompressionType.NO_COMPRESSION)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache)
            .setCacheIndexAndFilterBlocks(true).setFilterPolicy(bloomFilter))
        // Halves what compaction writes under load: ordered history rows share the messages column
        // family with random index rows, so each flushed file overlaps every file below it and its
        // 1 KiB values were rewritten at every level. Garbage collection lets compaction move live
        // values out of old blob files, which are deleted once nothing refers to them.
        .setEnableBlobFiles(true).setMinBlobSize(MIN_BLOB_BYTES).setEnableBlobGarbageCollection(true)
        .setBlobGarbageCollectionAgeCutoff(BLOB_GC_AGE_CUTOFF);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnFamilyOptions));
    for (Table table : Table.values()) {
      descriptors.add(new ColumnFamilyDescriptor(table.columnFamilyName(), columnFamilyOptions));
    }
    RocksLog rocksLog = new RocksLog();
    DBOptions options = new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setLogger(rocksLog)
        .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
        .setDbWriteBufferSize(TOTAL_WRITE_BUFFER_BYTES)
        .setRateLimiter(backgroundWrites);
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db;
    try {
      db = RocksDB.open(options, directory.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      options.close();
      columnFamilyOptions.close();
      blockCache.close();
      bloomFilter.close();
      backgroundWrites.close();
      rocksLog.close();
      String reason = lockHeld(e) ? "it is in use by another samizdat process" : e.getMessage();
      throw new StoreException("cannot open the database in " + directory + ": " + reason, e);
    }
    Database database = new Database(db, options, columnFamilyOptions,
        List.of(blockCache, bloomFilter, backgroundWrites, rocksLog), handles, new AtRestCipher(rootSecret, random));
    try {
      boolean created = database.checkSchemaVersion();
      database.loadPendingPurges(created);
      // What a killed process left in the log is readable now but maybe only in the page cache:
      // made durable before anything acts on it (the outbox sends frames read back from it).
      database.awaitDurable();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  /** Checks (or, in a new database, writes) the schema version; true when the database is new. */
  private boolean checkSchemaVersion() {
    byte[] stored = get(Table.META, SCHEMA_VERSION_KEY);
    if (stored == null) {
      writeSchemaVersion();
      return true;
    }
    int version = stored.length == 4 ? ByteBuffer.wrap(stored).getInt() : -1;
    if (version > SCHEMA_VERSION) {
      throw new StoreException("the database has schema version " + version + " but this samizdat knows only up to "
          + SCHEMA_VERSION + ": upgrade samizdat to open it");
    }
    if (version < 1) {
      throw new StoreException("the database's schema version record is corrupt");
    }
    if (version < SCHEMA_VERSION) {
      // Each module brings its own rows up to date as it opens (version 2: messaging's unread rows);
      // the new number keeps an older samizdat, which would not maintain them, from opening it.
      writeSchemaVersion();
    }
    return false;
  }

  /** Sets what each table saw since its last purge: nothing in a new database, else what the last close recorded. */
  private void loadPendingPurges(boolean created) {
    byte[] recorded = get(Table.META, PENDING_PURGES_KEY);
    if (!created && recorded == null) {
      return; // a crash, or a database from before the record: every table counts as changed
    }
    Set<String> pending = recorded == null ? Set.of()
        : Set.copyOf(Arrays.asList(new String(recorded, StandardCharsets.UTF_8).split(";")));
    for (Table table : Table.values()) {
      deletedSincePurge.get(table).set(pending.contains(table.columnFamily() + ":d"));
      writtenSincePurge.get(table).set(pending.contains(table.columnFamily() + ":w"));
    }
    if (recorded != null) {
      try (Batch batch = batch()) {
        batch.delete(Table.META, PENDING_PURGES_KEY).commit(true);
      }
    }
  }

  /** The record {@link #loadPendingPurges} reads: "messages:d;sessions:w;…". */
  private byte[] pendingPurges() {
    StringBuilder text = new StringBuilder();
    for (Table table : Table.values()) {
      if (deletedSincePurge.get(table).get()) {
        text.append(table.columnFamily()).append(":d;");
      }
      if (writtenSincePurge.get(table).get()) {
        text.append(table.columnFamily()).append(":w;");
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void writeSchemaVersion() {
    try (Batch batch = batch()) {
      batch.put(Table.META, SCHEMA_VERSION_KEY, ByteBuffer.allocate(4).putInt(SCHEMA_VERSION).array()).commit(true);
    }
  }

  public byte[] get(Table table, RowKey key) {
    byte[] storedKey = cipher.storedKey(table, key);
    byte[] stored = rawGet(table, storedKey);
    return stored == null ? null : cipher.open(table, storedKey, stored);
  }

  /** A row of a scanned group: its suffix and its (decrypted) value. */
  public record Row(byte[] suffix, byte[] value) {}

  /** Every row of {@code group} in suffix order, at most {@code limit}, starting at {@code fromSuffix} if given. */
  public List<Row> scan(Table table, byte[] group, byte[] fromSuffix, int limit) {
    byte[] prefix = cipher.storedPrefix(table, group);
    try (ReadOptions readOptions = new ReadOptions().setPrefixSameAsStart(false);
        RocksIterator iterator = db.newIterator(handles.get(table), readOptions)) {
      iterator.seek(fromSuffix == null ? prefix : concat(prefix, fromSuffix));
      return rowsOf(table, prefix, iterator, limit, RocksIterator::next);
    }
  }

  /**
   * The rows of {@code group} whose suffix sorts before {@code beforeSuffix} (all of them when null),
   * nearest first: the newest of an ordered group without reading it from its start.
   */
  public List<Row> scanBackward(Table table, byte[] group, byte[] beforeSuffix, int limit) {
    byte[] prefix = cipher.storedPrefix(table, group);
    byte[] end = beforeSuffix == null ? successor(prefix) : concat(prefix, beforeSuffix);
    try (ReadOptions readOptions = new ReadOptions().setPrefixSameAsStart(false);
        RocksIterator iterator = db.newIterator(handles.get(table), readOptions)) {
      if (end != null) {
        iterator.seek(end);
      }
      if (end != null && iterator.isValid()) {
        iterator.prev();
      } else {
        iterator.seekToLast();
      }
      return rowsOf(table, prefix, iterator, limit, RocksIterator::prev);
    }
  }

  /** Rows from where {@code iterator} stands, moving it by {@code step}, while they belong to the group. */
  private List<Row> rowsOf(Table table, byte[] prefix, RocksIterator iterator, int limit,
      java.util.function.Consumer<RocksIterator> step) {
    List<Row> rows = new ArrayList<>();
    while (iterator.isValid() && rows.size() < limit) {
      byte[] storedKey = iterator.key();
      if (!startsWith(storedKey, prefix)) {
        break;
      }
      rows.add(new Row(Arrays.copyOfRange(storedKey, prefix.length, storedKey.length),
          cipher.open(table, storedKey, iterator.value())));
      step.accept(iterator);
    }
    return rows;
  }

  /** The smallest key above every key that starts with {@code prefix}; null when there is none. */
  private static byte[] successor(byte[] prefix) {
    byte[] next = prefix.clone();
    for (int i = next.length - 1; i >= 0; i--) {
      if (next[i] != (byte) 0xFF) {
        next[i]++;
        return Arrays.copyOf(next, i + 1);
      }
    }
    return null;
  }

  public Batch batch() {
    return new Batch();
  }

  /**
   * Returns once every write applied before this call — by any thread, durable or not — is on disk.
   * This is group commit: callers stage and {@link Batch#commit commit(false)} under their own lock,
   * release it, then call this before acknowledging; concurrent callers share one log sync. A reader
   * that acts on rows another thread wrote must call it too, which it covers: those rows were visible,
   * so their sequence numbers are already below the one read here.
   *
   * <p>One thread at a time syncs the log; the others wait for that sync and return at once if it
   * covered their writes, or else one of them leads the next. Waiters are woken together, not handed
   * a lock one after another: under load that chain of wake-ups was what made callers wait.
   */
  public void awaitDurable() {
    awaitDurable(latestSequence());
  }

  /**
   * Returns once every write up to sequence number {@code target} is on disk: read
   * {@link #latestSequence()} after one's own commits (under the lock that orders them) so as not to
   * wait for writes that came later.
   */
  public void awaitDurable(long target) {
    while (syncedSequence < target) {
      CompletableFuture<Void> sync;
      boolean leading = false;
      synchronized (syncState) {
        if (syncedSequence >= target) {
          return;
        }
        if (syncUnderWay == null) {
          syncUnderWay = new CompletableFuture<>();
          leading = true;
        }
        sync = syncUnderWay;
      }
      if (leading) {
        syncLog(sync);
      } else {
        try {
          sync.join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
      }
    }
  }

  /**
   * Whether opening failed on RocksDB's lock file being locked (by another process, or by this one), rather
   * than on the file itself (say, a LOCK file that this user may not open).
   */
  private static boolean lockHeld(RocksDBException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return message.contains("lock") && (message.contains("Resource temporarily unavailable")
        || message.contains("lock hold by current process"));
  }

  /** The sequence number of the last write applied: at or above that of every commit returned so far. */
  public long latestSequence() {
    return db.getLatestSequenceNumber();
  }

  private void syncLog(CompletableFuture<Void> sync) {
    RuntimeException failure = null;
    try {
      long covered = latestSequence();
      db.syncWal();
      syncedSequence = covered;
    } catch (RocksDBException e) {
      failure = new StoreException("cannot sync the database log: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      synchronized (syncState) {
        syncUnderWay = null; // even after an Error: the next waiter leads a sync of its own
      }
    }
    if (failure != null) {
      sync.completeExceptionally(failure);
      throw failure;
    }
    sync.complete(null);
  }

  /** Changes to several rows, in several tables, applied all or nothing. Not thread-safe. */
  public final class Batch implements AutoCloseable {
    private final WriteBatch batch = new WriteBatch();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final EnumSet<Table> written = EnumSet.noneOf(Table.class);
    private final EnumSet<Table> deleted = EnumSet.noneOf(Table.class);

    private Batch() {}

    /** Runs {@code action} once this batch is written (not if it is abandoned or fails). */
    public Batch afterCommit(Runnable action) {
      afterCommit.add(action);
      return this;
    }

    public Batch put(Table table, RowKey key, byte[] value) {
      byte[] storedKey = cipher.storedKey(table, key);
      try {
        batch.put(handles.get(table), storedKey, cipher.seal(table, storedKey, value));
        written.add(table);
      } catch (RocksDBException e) {
        throw new StoreException("cannot stage a write to " + table.columnFamily() + ": " + e.getMessage(), e);
      }
      return this;
    }

    public Batch delete(Table table, RowKey key) {
      try {
        batch.delete(handles.get(table), cipher.storedKey(table, key));
        written.add(table);
        deleted.add(table);
      } catch (RocksDBException e) {
        throw new StoreException("cannot stage a delete in " + table.columnFamily() + ": " + e.getMessage(), e);
      }
      return this;
    }

    /**
     * Applies every change atomically. With {@code durable}, returns only once the changes are on
     * disk: use it whenever an acknowledgement to a peer or the user depends on them (or commit
     * without it and call {@link #awaitDurable()} before acknowledging, outside any lock).
     */
    public void commit(boolean durable) {
      try {
        db.write(durable ? syncWrite : asyncWrite, batch);
        written.forEach(table -> writtenSincePurge.get(table).set(true));
        deleted.forEach(table -> deletedSincePurge.get(table).set(true));
        afterCommit.forEach(Runnable::run);
      } catch (RocksDBException e) {
        throw new StoreException("cannot write to the database: " + e.getMessage(), e);
      } finally {
        batch.close();
      }
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  /**
   * Rewrites {@code table} so that the values deleted from it, or overwritten, are in no file any
   * more: RocksDB otherwise keeps an old value in a table file, a blob file or the log until
   * compaction happens to reach it, readable by whoever holds the disk (and, for a confidential
   * table, the passphrase). Flushes every table, so that no log file still holds the value, then
   * compacts every level of this one with every blob moved to new files. It rewrites the whole table:
   * call it after changes that matter, not after each one. Returns false if closing cut it short.
   */
  public synchronized boolean purge(Table table) {
    if (closing.get()) {
      return false;
    }
    ColumnFamilyHandle handle = handles.get(table);
    // Cleared before the flush: what is written from here on waits for the next purge.
    boolean deleted = deletedSincePurge.get(table).getAndSet(false);
    boolean written = writtenSincePurge.get(table).getAndSet(false);
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, allHandles);
      setBlobGarbageCollectionAgeCutoff(handle, 1.0);
      try {
        db.compactRange(handle, null, null, purgeCompaction);
      } finally {
        setBlobGarbageCollectionAgeCutoff(handle, BLOB_GC_AGE_CUTOFF);
      }
      return true;
    } catch (RocksDBException e) {
      if (deleted) {
        deletedSincePurge.get(table).set(true);
      }
      if (written) {
        writtenSincePurge.get(table).set(true);
      }
      if (closing.get()) {
        return false;
      }
      throw new StoreException("cannot purge the old values of " + table.columnFamily() + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@link #purge} on the store's own thread. A request for a table whose purge has not
   * started yet is covered by that one, and gets its future.
   */
  public CompletableFuture<Boolean> purgeInBackground(Table table) {
    CompletableFuture<Boolean> queued = new CompletableFuture<>();
    CompletableFuture<Boolean> waiting = purgesWaiting.putIfAbsent(table, queued);
    if (waiting != null) {
      return waiting;
    }
    latestPurges.put(table, queued);
    try {
      purger.execute(() -> {
        purgesWaiting.remove(table, queued);
        try {
          queued.complete(purge(table));
        } catch (StoreException e) {
          LOG.warn("{}", e.getMessage());
          queued.completeExceptionally(e);
        } catch (RuntimeException e) {
          LOG.warn("purging the {} table failed", table, e);
          queued.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      purgesWaiting.remove(table, queued);
      queued.complete(false);
    }
    return queued;
  }

  /** What a table must have seen since its last purge for {@link #purgeInBackground(Table, Change)} to rewrite it. */
  public enum Change {
    /** Rows deleted: for a large table whose rows are otherwise added, or replaced by equals. */
    DELETED,
    /** Any write: for small tables whose rows are replaced by what must not outlive them. */
    WRITTEN
  }

  /**
   * {@link #purgeInBackground(Table)} if {@code table} saw {@code change} since its last purge, or
   * since the database was opened (an earlier run may have left some); otherwise nothing.
   */
  public void purgeInBackground(Table table, Change change) {
    if (changedSincePurge(table, change)) {
      purgeInBackground(table);
    }
  }

  /**
   * {@link #purge} on the caller's thread, if {@code table} saw {@code change} since its last purge and its
   * files hold at most {@code maxBytes}: for a node that is stopping, which should leave nothing deleted
   * behind when that takes a moment. Returns whether anything is still to purge (the table was larger).
   */
  public synchronized boolean purgeNowIfAtMost(Table table, Change change, long maxBytes) {
    if (closing.get() || !changedSincePurge(table, change)) {
      return false;
    }
    ColumnFamilyHandle handle = handles.get(table);
    long bytes;
    try {
      bytes = db.getLongProperty(handle, "rocksdb.cur-size-all-mem-tables")
          + db.getLongProperty(handle, "rocksdb.total-sst-files-size")
          + db.getLongProperty(handle, "rocksdb.total-blob-file-size");
    } catch (RocksDBException e) {
      throw new StoreException("cannot read the size of " + table.columnFamily() + ": " + e.getMessage(), e);
    }
    if (bytes > maxBytes) {
      return true;
    }
    return !purge(table);
  }

  private boolean changedSincePurge(Table table, Change change) {
    return (change == Change.DELETED ? deletedSincePurge : writtenSincePurge).get(table).get();
  }

  /** The latest purge asked of {@code table} (completed with false if none was). */
  public CompletableFuture<Boolean> latestPurge(Table table) {
    return latestPurges.getOrDefault(table, NO_PURGE);
  }

  private static Map<Table, AtomicBoolean> flags() {
    Map<Table, AtomicBoolean> flags = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      flags.put(table, new AtomicBoolean(true));
    }
    return flags;
  }

  private void setBlobGarbageCollectionAgeCutoff(ColumnFamilyHandle handle, double cutoff) throws RocksDBException {
    db.setOptions(handle, MutableColumnFamilyOptions.builder().setBlobGarbageCollectionAgeCutoff(cutoff).build());
  }

  private byte[] rawGet(Table table, byte[] storedKey) {
    try {
      return db.get(handles.get(table), storedKey);
    } catch (RocksDBException e) {
      throw new StoreException("cannot read from " + table.columnFamily() + ": " + e.getMessage(), e);
    }
  }

  private static boolean startsWith(byte[] array, byte[] prefix) {
    return array.length >= prefix.length
        && Arrays.equals(array, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Stops a purge under way, then flushes and closes; safe to call twice. */
  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      purgeCompaction.setCanceled(true);
      purger.shutdown();
    }
    synchronized (this) {
      closeStore();
    }
  }

  private void closeStore() {
    if (!db.isOwningHandle()) {
      return;
    }
    try (Batch batch = batch()) {
      batch.put(Table.META, PENDING_PURGES_KEY, pendingPurges()).commit(false);
    } catch (StoreException e) {
      LOG.warn("{}: the next start purges every table", e.getMessage()); // as after a crash
    }
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      // Closing still releases the lock; everything acknowledged was already synced.
    }
    allHandles.forEach(ColumnFamilyHandle::close);
    db.close();
    syncWrite.close();
    asyncWrite.close();
    purgeCompaction.close();
    options.close();
    columnFamilyOptions.close();
    optionResources.forEach(AbstractImmutableNativeReference::close);
  }
}
