package dev.samizdat.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  private static final byte[] SECRET = new byte[32];
  private final SecureRandom random = new SecureRandom();

  @TempDir Path dir;

  @Test
  void rowsSurviveReopeningAndBatchesApplyAcrossTables() {
    try (Database db = Database.open(dir, SECRET, random)) {
      db.batch()
          .put(Table.CONTACTS, RowKey.of("alice"), utf8("Alice"))
          .put(Table.PEERS, RowKey.of("peer-1"), utf8("/ip4/127.0.0.1/tcp/4001"))
          .commit(true);
    }
    try (Database db = Database.open(dir, SECRET, random)) {
      assertThat(db.get(Table.CONTACTS, RowKey.of("alice"))).asString(StandardCharsets.UTF_8).isEqualTo("Alice");
      assertThat(db.get(Table.PEERS, RowKey.of("peer-1"))).isNotNull();
      db.batch().delete(Table.CONTACTS, RowKey.of("alice")).commit(true);
      assertThat(db.get(Table.CONTACTS, RowKey.of("alice"))).isNull();
    }
  }

  @Test
  void theDatabaseDirectoryIsTheOwnersAloneEvenIfItWasNot() throws Exception {
    Files.createDirectories(dir.resolve("db"));
    Files.setPosixFilePermissions(dir.resolve("db"), PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Database db = Database.open(dir.resolve("db"), SECRET, random)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("db")))).isEqualTo("rwx------");
    }
  }

  @Test
  void concurrentUnsyncedCommitsBecomeDurableTogetherAndAreVisibleAtOnce() throws Exception {
    int threads = 8;
    int each = 50;
    try (Database db = Database.open(dir, SECRET, random)) {
      var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
      var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            RowKey key = RowKey.of("t" + thread + "-" + i);
            db.batch().put(Table.MESSAGES, key, utf8("v" + i)).commit(false);
            assertThat(db.get(Table.MESSAGES, key)).isNotNull(); // visible before the sync
            db.awaitDurable();
          }
        }));
      }
      for (var f : done) {
        f.get();
      }
      pool.shutdown();
      db.awaitDurable(); // nothing new: returns at once
    }
    try (Database db = Database.open(dir, SECRET, random)) {
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < each; i++) {
          assertThat(db.get(Table.MESSAGES, RowKey.of("t" + t + "-" + i))).asString(StandardCharsets.UTF_8)
              .isEqualTo("v" + i);
        }
      }
    }
  }

  @Test
  void afterCommitActionsRunOnlyForAWrittenBatch() {
    try (Database db = Database.open(dir, SECRET, random)) {
      java.util.List<String> ran = new java.util.ArrayList<>();
      try (Database.Batch abandoned = db.batch()) {
        abandoned.put(Table.CONTACTS, RowKey.of("x"), utf8("x")).afterCommit(() -> ran.add("abandoned"));
      }
      db.batch().put(Table.CONTACTS, RowKey.of("y"), utf8("y")).afterCommit(() -> ran.add("written")).commit(false);
      assertThat(ran).containsExactly("written");
      assertThat(db.get(Table.CONTACTS, RowKey.of("x"))).isNull();
    }
  }

  @Test
  void scanReturnsOneGroupInCounterOrder() {
    try (Database db = Database.open(dir, SECRET, random)) {
      Database.Batch batch = db.batch();
      for (long i : new long[] {3, 1, 2, 300}) {
        batch.put(Table.MESSAGES, RowKey.of(utf8("conversation-a"), i), utf8("a" + i));
      }
      batch.put(Table.MESSAGES, RowKey.of(utf8("conversation-b"), 1), utf8("b1"));
      batch.commit(false);

      assertThat(db.scan(Table.MESSAGES, utf8("conversation-a"), null, 100))
          .extracting(row -> new String(row.value(), StandardCharsets.UTF_8))
          .containsExactly("a1", "a2", "a3", "a300");
      byte[] from = ByteBuffer.allocate(8).putLong(3).array();
      assertThat(db.scan(Table.MESSAGES, utf8("conversation-a"), from, 1))
          .extracting(row -> ByteBuffer.wrap(row.suffix()).getLong())
          .containsExactly(3L);

      // Backwards, from the end of the group or before a row: never into the neighbouring groups.
      assertThat(db.scanBackward(Table.MESSAGES, utf8("conversation-a"), null, 3))
          .extracting(row -> new String(row.value(), StandardCharsets.UTF_8))
          .containsExactly("a300", "a3", "a2");
      assertThat(db.scanBackward(Table.MESSAGES, utf8("conversation-a"), from, 100))
          .extracting(row -> new String(row.value(), StandardCharsets.UTF_8))
          .containsExactly("a2", "a1");
      assertThat(db.scanBackward(Table.MESSAGES, utf8("conversation-b"), null, 100))
          .extracting(row -> new String(row.value(), StandardCharsets.UTF_8))
          .containsExactly("b1");
      assertThat(db.scanBackward(Table.MESSAGES, utf8("conversation-c"), null, 100)).isEmpty();
    }
  }

  @Test
  void confidentialTablesLeaveNoPlaintextOnDisk() throws IOException {
    String secretText = "meet at the old library at nine";
    String contactId = "12D3KooWSecretContactIdentity";
    try (Database db = Database.open(dir, SECRET, random)) {
      db.batch()
          .put(Table.MESSAGES, RowKey.of(utf8(contactId), 1), utf8(secretText))
          .put(Table.CONTACTS, RowKey.of(contactId), utf8(contactId))
          .commit(true);
    }
    assertThat(filesContaining(secretText)).isEmpty();
    assertThat(filesContaining(contactId)).isEmpty();
  }

  @Test
  void largeValuesGoToBlobFilesEncryptedAndReadBackAfterReopening() throws IOException {
    String secretText = "the whole text of a long message ".repeat(40);
    byte[] group = utf8("conversation");
    try (Database db = Database.open(dir, SECRET, random)) {
      try (Database.Batch batch = db.batch()) {
        for (int i = 0; i < 50; i++) {
          batch.put(Table.MESSAGES, RowKey.of(group, i), utf8(secretText + i));
        }
        batch.put(Table.MESSAGES, RowKey.of("small"), utf8("inline")).commit(true);
      }
    }
    // Reopening flushes what the log held into tables, and the large values into blob files.
    try (Database db = Database.open(dir, SECRET, random)) {
      assertThat(db.scan(Table.MESSAGES, group, null, 100)).hasSize(50)
          .allSatisfy(row -> assertThat(row.value()).asString(StandardCharsets.UTF_8).startsWith(secretText));
      assertThat(db.get(Table.MESSAGES, RowKey.of(group, 49))).asString(StandardCharsets.UTF_8)
          .isEqualTo(secretText + 49);
      assertThat(db.get(Table.MESSAGES, RowKey.of("small"))).asString(StandardCharsets.UTF_8).isEqualTo("inline");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).toList())
          .anySatisfy(file -> assertThat(file.getFileName().toString()).endsWith(".blob"));
    }
    assertThat(filesContaining("the whole text")).isEmpty();
  }

  @Test
  void purgingATableLeavesNoTraceOfItsDeletedRowsInAnyFile() throws IOException {
    // A public table, so that the values can be looked for in the raw files.
    String doomed = "doomed value ";
    String kept = "kept value ";
    // Three table files and three blob files, each holding rows to delete and rows to keep.
    for (int round = 0; round < 3; round++) {
      try (Database db = Database.open(dir, SECRET, random); Database.Batch batch = db.batch()) {
        for (int i = round; i < 100; i += 3) {
          batch.put(Table.PEERS, RowKey.of(utf8("peer"), i), utf8((i % 2 == 0 ? doomed : kept).repeat(i < 50 ? 1 : 60) + i));
        }
        batch.commit(true);
      }
    }
    try (Database db = Database.open(dir, SECRET, random)) {
      try (Database.Batch batch = db.batch()) {
        for (int i = 0; i < 100; i += 2) {
          batch.delete(Table.PEERS, RowKey.of(utf8("peer"), i));
        }
        batch.commit(true);
      }
      assertThat(filesContaining(doomed)).as("before the purge").isNotEmpty();

      assertThat(db.purge(Table.PEERS)).isTrue();

      assertThat(filesContaining(doomed)).as("after the purge").isEmpty();
      assertThat(filesContaining(kept)).isNotEmpty();
      assertThat(db.scan(Table.PEERS, utf8("peer"), null, 200)).hasSize(50);
    }
    try (Database db = Database.open(dir, SECRET, random)) {
      assertThat(db.get(Table.PEERS, RowKey.of(utf8("peer"), 99))).asString(StandardCharsets.UTF_8)
          .isEqualTo(kept.repeat(60) + 99);
      assertThat(db.get(Table.PEERS, RowKey.of(utf8("peer"), 98))).isNull();
    }
  }

  @Test
  void purgingATableLeavesNoTraceOfItsOverwrittenValues() throws IOException {
    RowKey session = RowKey.of("session");
    try (Database db = Database.open(dir, SECRET, random)) {
      db.batch().put(Table.PEERS, session, utf8("chain key of yesterday")).commit(true);
    }
    try (Database db = Database.open(dir, SECRET, random)) {
      // One old value in a table file, one only in the log (and the memtable).
      db.batch().put(Table.PEERS, session, utf8("chain key of this morning")).commit(true);
      db.batch().put(Table.PEERS, session, utf8("chain key of today")).commit(true);
      assertThat(filesContaining("yesterday")).as("before the purge").isNotEmpty();
      assertThat(filesContaining("this morning")).as("before the purge").isNotEmpty();

      assertThat(db.purge(Table.PEERS)).isTrue();

      assertThat(filesContaining("yesterday")).as("after the purge").isEmpty();
      assertThat(filesContaining("this morning")).as("after the purge").isEmpty();
      assertThat(db.get(Table.PEERS, session)).asString(StandardCharsets.UTF_8).isEqualTo("chain key of today");
    }
  }

  @Test
  void writesGoOnDuringAPurgeAndAreKept() throws Exception {
    byte[] value = new byte[1024];
    try (Database db = Database.open(dir, SECRET, random)) {
      for (int i = 0; i < 5_000; i++) {
        db.batch().put(Table.MESSAGES, RowKey.of(utf8("before"), i), value).commit(false);
      }
      CompletableFuture<Boolean> purge = db.purgeInBackground(Table.MESSAGES);
      int written = 0;
      while (!purge.isDone() || written < 1_000) {
        db.batch().put(Table.MESSAGES, RowKey.of(utf8("during"), written++), value).commit(written % 100 == 0);
      }
      assertThat(purge).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
      assertThat(db.scan(Table.MESSAGES, utf8("before"), null, 10_000)).hasSize(5_000);
      assertThat(db.scan(Table.MESSAGES, utf8("during"), null, written + 1)).hasSize(written);
    }
  }

  @Test
  void closingStopsABackgroundPurgeAndLosesNothing() {
    byte[] value = new byte[1024];
    CompletableFuture<Boolean> purge;
    try (Database db = Database.open(dir, SECRET, random)) {
      for (int start = 0; start < 20_000; start += 1_000) {
        try (Database.Batch batch = db.batch()) {
          for (int i = start; i < start + 1_000; i++) {
            batch.put(Table.MESSAGES, RowKey.of(utf8("conversation"), i), value);
          }
          batch.commit(false);
        }
      }
      purge = db.purgeInBackground(Table.MESSAGES);
    }
    assertThat(purge).succeedsWithin(Duration.ofSeconds(30));
    try (Database db = Database.open(dir, SECRET, random)) {
      assertThat(db.scan(Table.MESSAGES, utf8("conversation"), null, 30_000)).hasSize(20_000);
      db.close();
      assertThat(db.purge(Table.MESSAGES)).isFalse();
    }
  }

  @Test
  void aStoppingNodePurgesASmallTableAtOnceAndLeavesALargeOneForLater() throws IOException {
    try (Database db = Database.open(dir, SECRET, random)) {
      try (Database.Batch batch = db.batch()) {
        batch.put(Table.PEERS, RowKey.of("gone"), utf8("expired value"));
        batch.put(Table.PEERS, RowKey.of("kept"), utf8("kept value"));
        batch.commit(true);
      }
      db.batch().delete(Table.PEERS, RowKey.of("gone")).commit(true);
      assertThat(filesContaining("expired value")).as("before").isNotEmpty();

      assertThat(db.purgeNowIfAtMost(Table.PEERS, Database.Change.DELETED, 1)).as("too large for the limit").isTrue();
      assertThat(filesContaining("expired value")).isNotEmpty();
      assertThat(db.purgeNowIfAtMost(Table.PEERS, Database.Change.DELETED, 1L << 20)).as("done").isFalse();
      assertThat(filesContaining("expired value")).isEmpty();
      assertThat(filesContaining("kept value")).isNotEmpty();
      assertThat(db.purgeNowIfAtMost(Table.PEERS, Database.Change.DELETED, 1)).as("nothing deleted since").isFalse();
    }
    // Nor does RocksDB's own log keep a timeline of the purges beside the data.
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith("LOG"));
    }
  }

  @Test
  void whatNoPurgeCoveredBeforeACleanCloseIsPurgedAfterOpeningAndEverythingAfterACrash() {
    try (Database db = Database.open(dir, SECRET, random)) {
      assertThat(db.purgeNowIfAtMost(Table.MESSAGES, Database.Change.DELETED, 0)).as("a new database").isFalse();
      db.batch().put(Table.MESSAGES, RowKey.of("gone"), utf8("gone")).commit(true);
      db.batch().delete(Table.MESSAGES, RowKey.of("gone")).commit(true);
    }
    try (Database db = Database.open(dir, SECRET, random)) {
      assertThat(db.purgeNowIfAtMost(Table.MESSAGES, Database.Change.DELETED, 0)).as("left by the last run").isTrue();
      assertThat(db.purgeNowIfAtMost(Table.SESSIONS, Database.Change.WRITTEN, 0)).as("not written").isFalse();
      assertThat(db.purge(Table.MESSAGES)).isTrue();
    }
    try (Database db = Database.open(dir, SECRET, random)) {
      assertThat(db.purgeNowIfAtMost(Table.MESSAGES, Database.Change.DELETED, 0)).as("purged before the close").isFalse();
      // Read once: a crash from here on leaves no record, and the next run purges every table.
      assertThat(db.get(Table.META, Database.PENDING_PURGES_KEY)).isNull();
    }
  }

  @Test
  void aConditionalPurgeRunsOnlyAfterTheChangeItWaitsFor() {
    try (Database db = Database.open(dir, SECRET, random)) {
      db.purgeInBackground(Table.MESSAGES);
      assertThat(db.latestPurge(Table.MESSAGES)).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
      CompletableFuture<Boolean> afterOpen = db.latestPurge(Table.MESSAGES);

      db.batch().put(Table.MESSAGES, RowKey.of("kept"), utf8("kept")).commit(true);
      db.purgeInBackground(Table.MESSAGES, Database.Change.DELETED);
      assertThat(db.latestPurge(Table.MESSAGES)).as("written, nothing deleted").isSameAs(afterOpen);
      db.purgeInBackground(Table.MESSAGES, Database.Change.WRITTEN);
      assertThat(db.latestPurge(Table.MESSAGES)).isNotSameAs(afterOpen)
          .succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
      CompletableFuture<Boolean> afterWrite = db.latestPurge(Table.MESSAGES);

      db.batch().delete(Table.MESSAGES, RowKey.of("kept")).commit(true);
      db.purgeInBackground(Table.MESSAGES, Database.Change.DELETED);
      assertThat(db.latestPurge(Table.MESSAGES)).isNotSameAs(afterWrite)
          .succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
      CompletableFuture<Boolean> afterDelete = db.latestPurge(Table.MESSAGES);
      db.purgeInBackground(Table.MESSAGES, Database.Change.WRITTEN);
      assertThat(db.latestPurge(Table.MESSAGES)).as("nothing since").isSameAs(afterDelete);
    }
  }

  @Test
  void anotherRootSecretCannotReadConfidentialRows() {
    try (Database db = Database.open(dir, SECRET, random)) {
      db.batch().put(Table.SESSIONS, RowKey.of("s"), utf8("state")).commit(true);
    }
    byte[] other = new byte[32];
    other[0] = 1;
    try (Database db = Database.open(dir, other, random)) {
      // Keys are keyed hashes, so the row is not even found under another secret.
      assertThat(db.get(Table.SESSIONS, RowKey.of("s"))).isNull();
    }
  }

  @Test
  void newerSchemaIsRefusedWithAClearMessage() {
    try (Database db = Database.open(dir, SECRET, random)) {
      db.batch().put(Table.META, Database.SCHEMA_VERSION_KEY,
          ByteBuffer.allocate(4).putInt(Database.SCHEMA_VERSION + 1).array()).commit(true);
    }
    assertThatThrownBy(() -> Database.open(dir, SECRET, random))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version " + (Database.SCHEMA_VERSION + 1))
        .hasMessageContaining("upgrade samizdat");
  }

  @Test
  void anOlderSchemaIsUpgradedOnOpenSoThatAnOlderSamizdatNoLongerOpensIt() {
    try (Database db = Database.open(dir, SECRET, random)) {
      db.batch().put(Table.META, Database.SCHEMA_VERSION_KEY, ByteBuffer.allocate(4).putInt(1).array()).commit(true);
    }
    try (Database db = Database.open(dir, SECRET, random)) {
      assertThat(ByteBuffer.wrap(db.get(Table.META, Database.SCHEMA_VERSION_KEY)).getInt())
          .isEqualTo(Database.SCHEMA_VERSION).isGreaterThan(1);
    }
  }

  @Test
  void aSecondProcessOpeningTheSameDatabaseIsToldItIsInUse() {
    try (Database db = Database.open(dir, SECRET, random)) {
      assertThatThrownBy(() -> Database.open(dir, SECRET, random))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("in use by another samizdat process");
    }
  }

  /** The caller says why in one line: RocksDB's log line of the same failure would come first, as a warning. */
  @Test
  void aDatabaseInUseIsReportedOnceNotAlsoLoggedByRocksDb() {
    var rocksLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RocksLog.class);
    var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    logged.start();
    rocksLog.addAppender(logged);
    try (Database db = Database.open(dir, SECRET, random)) {
      assertThatThrownBy(() -> Database.open(dir, SECRET, random)).hasMessageContaining("in use");
    } finally {
      rocksLog.detachAppender(logged);
    }
    assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .noneMatch(line -> line.contains("DB::Open() failed"));
  }

  private List<Path> filesContaining(String text) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> found = new ArrayList<>();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
          found.add(file.getFileName());
        }
      }
      return found;
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
