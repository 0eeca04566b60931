package dev.samizdat.node.channels;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.Follow;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.HeldFeed;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.UserRule;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.StoreException;
import dev.samizdat.node.store.Table;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's channel settings on the node's database (table {@link Table#CHANNELS}, encrypted at
 * rest): the feeds held (own ones with their feed keys), the blocklists followed, the user's own
 * rules. Row suffixes are keyed hashes ({@link RowNames}), never feed keys or targets in clear: the
 * database encrypts values and groups but keeps suffixes as they are. Every write is synced: a
 * subscription or a feed key must survive a crash. Thread-safe.
 */
final class ChannelsStore {
  /** More than any user follows; a bound on what one scan reads. */
  static final int MAX_ROWS = 100_000;
  private static final byte[] HELD = group("held");
  private static final byte[] FOLLOW = group("follow");
  private static final byte[] USER_RULE = group("user-rule");

  private final Database db;
  private final RowNames names;

  ChannelsStore(Database db, RowNames names) {
    this.db = db;
    this.names = names;
  }

  private static byte[] group(String name) {
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  List<HeldFeed> heldFeeds() {
    List<HeldFeed> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.CHANNELS, HELD, null, MAX_ROWS)) {
      out.add(parse(row.value(), HeldFeed.parser()));
    }
    return out;
  }

  Optional<HeldFeed> held(FeedId feed) {
    return Optional.ofNullable(db.get(Table.CHANNELS, new RowKey(HELD, names.of(feed.toBytes()))))
        .map(bytes -> parse(bytes, HeldFeed.parser()));
  }

  void putHeld(HeldFeed feed) {
    db.batch().put(Table.CHANNELS, new RowKey(HELD, names.of(feed.getFeed().toByteArray())), feed.toByteArray()).commit(true);
  }

  void removeHeld(FeedId feed) {
    db.batch().delete(Table.CHANNELS, new RowKey(HELD, names.of(feed.toBytes()))).commit(true);
  }

  List<Follow> follows() {
    List<Follow> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.CHANNELS, FOLLOW, null, MAX_ROWS)) {
      out.add(parse(row.value(), Follow.parser()));
    }
    return out;
  }

  void putFollow(Follow follow) {
    db.batch().put(Table.CHANNELS, new RowKey(FOLLOW, names.of(follow.getList().toByteArray())), follow.toByteArray())
        .commit(true);
  }

  void removeFollow(FeedId list) {
    db.batch().delete(Table.CHANNELS, new RowKey(FOLLOW, names.of(list.toBytes()))).commit(true);
  }

  List<UserRule> userRules() {
    List<UserRule> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.CHANNELS, USER_RULE, null, MAX_ROWS)) {
      out.add(parse(row.value(), UserRule.parser()));
    }
    return out;
  }

  void putUserRule(UserRule rule) {
    db.batch().put(Table.CHANNELS, new RowKey(USER_RULE, names.of(rule.getDigest().toByteArray())), rule.toByteArray())
        .commit(true);
  }

  void removeUserRule(byte[] digest) {
    db.batch().delete(Table.CHANNELS, new RowKey(USER_RULE, names.of(digest))).commit(true);
  }

  private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("a channels row is corrupt: " + e.getMessage(), e);
    }
  }
}
