package dev.samizdat.node.channels;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.channels.report.Report;
import dev.samizdat.channels.report.ReportStore;
import dev.samizdat.channels.report.ReviewItem;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.StoredReviewItem;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.StoreException;
import dev.samizdat.node.store.Table;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The review queue of one of the user's blocklists on the node's database (table {@link
 * Table#REPORTS}). Rows are named by keyed hashes of their target ({@link RowNames}); every write is
 * synced, since a report acknowledged to its sender must not be lost.
 */
final class RocksReportStore implements ReportStore {
  private final Database db;
  private final RowNames names;
  private final byte[] itemsGroup;
  private final byte[] blocksGroup;

  RocksReportStore(Database db, RowNames names, FeedId list) {
    this.db = db;
    this.names = names;
    this.itemsGroup = Bytes.concat(new byte[] {'i'}, list.toBytes());
    this.blocksGroup = Bytes.concat(new byte[] {'b'}, list.toBytes());
  }

  private static byte[] targetBytes(Target target) {
    byte[] id = target.id();
    return ByteBuffer.allocate(2 + id.length).put((byte) target.kind().code()).put((byte) id.length).put(id).array();
  }

  private RowKey itemRow(ReviewItem.Key key) {
    return new RowKey(itemsGroup, names.of(Bytes.concat(new byte[] {(byte) (key.appeal() ? 1 : 0)},
        targetBytes(key.target()))));
  }

  @Override
  public Optional<ReviewItem> item(ReviewItem.Key key) {
    return Optional.ofNullable(db.get(Table.REPORTS, itemRow(key))).map(RocksReportStore::decode);
  }

  @Override
  public void put(ReviewItem item) {
    StoredReviewItem.Builder stored = StoredReviewItem.newBuilder().setStatus(item.status().code())
        .setFirstReportedMillis(item.firstReportedMillis()).setLastReportedMillis(item.lastReportedMillis())
        .setAppeal(item.key().appeal()).setTargetKind(item.target().kind().code())
        .setTargetId(ByteString.copyFrom(item.target().id()));
    item.blockSequence().ifPresent(sequence -> stored.setBlocked(true).setBlockSequence(sequence));
    item.reports().forEach(report -> stored.addReports(ByteString.copyFrom(report.encode())));
    db.batch().put(Table.REPORTS, itemRow(item.key()), stored.build().toByteArray()).commit(true);
  }

  @Override
  public List<ReviewItem> items() {
    List<ReviewItem> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.REPORTS, itemsGroup, null, ChannelsStore.MAX_ROWS)) {
      out.add(decode(row.value()));
    }
    return out;
  }

  /** Deletes the whole queue and the list's block records, in pages of {@link ChannelsStore#MAX_ROWS}. */
  void deleteAll() {
    for (byte[] group : List.of(itemsGroup, blocksGroup)) {
      List<Database.Row> rows;
      do {
        rows = db.scan(Table.REPORTS, group, null, ChannelsStore.MAX_ROWS);
        try (Database.Batch batch = db.batch()) {
          rows.forEach(row -> batch.delete(Table.REPORTS, new RowKey(group, row.suffix())));
          batch.commit(true);
        }
      } while (!rows.isEmpty());
    }
  }

  @Override
  public Optional<Long> blockSequence(Target target) {
    return Optional.ofNullable(db.get(Table.REPORTS, new RowKey(blocksGroup, names.of(targetBytes(target)))))
        .map(bytes -> ByteBuffer.wrap(bytes).getLong());
  }

  @Override
  public void recordBlock(Target target, long sequence) {
    db.batch().put(Table.REPORTS, new RowKey(blocksGroup, names.of(targetBytes(target))),
        ByteBuffer.allocate(Long.BYTES).putLong(sequence).array()).commit(true);
  }

  @Override
  public void removeBlock(Target target) {
    db.batch().delete(Table.REPORTS, new RowKey(blocksGroup, names.of(targetBytes(target)))).commit(true);
  }

  private static ReviewItem decode(byte[] bytes) {
    try {
      StoredReviewItem stored = StoredReviewItem.parseFrom(bytes);
      Target target = new Target(Target.Kind.fromCode(stored.getTargetKind()), stored.getTargetId().toByteArray());
      List<Report> reports = new ArrayList<>();
      stored.getReportsList().forEach(raw -> reports.add(Report.decode(raw.toByteArray())));
      return new ReviewItem(new ReviewItem.Key(target, stored.getAppeal()),
          ReviewItem.Status.fromCode(stored.getStatus()), reports,
          stored.getBlocked() ? Optional.of(stored.getBlockSequence()) : Optional.empty(),
          stored.getFirstReportedMillis(), stored.getLastReportedMillis());
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new StoreException("a review queue row is corrupt: " + e.getMessage(), e);
    }
  }
}
