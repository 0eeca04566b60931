package dev.samizdat.node.messaging.store;

import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.SessionRecord;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Double Ratchet sessions per peer in {@link Table#SESSIONS}: every session by its 16-byte id, and
 * which one this node sends on. Writes are staged into the caller's batch so that a session state is
 * committed together with the message it produced or consumed. Callers serialise access per node.
 */
public final class RocksSessionStore {
  private final Database db;

  public RocksSessionStore(Database db) {
    this.db = db;
  }

  public Optional<SessionRecord> get(Ed25519PublicKey peer, byte[] sessionId) {
    return Optional.ofNullable(db.get(Table.SESSIONS, new RowKey(sessions(peer), sessionId)))
        .map(v -> Rows.parse(SessionRecord.parser(), v, "session"));
  }

  public List<SessionRecord> all(Ed25519PublicKey peer) {
    List<SessionRecord> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.SESSIONS, sessions(peer), null, Integer.MAX_VALUE)) {
      out.add(Rows.parse(SessionRecord.parser(), row.value(), "session"));
    }
    return out;
  }

  /** The session this node sends on, if any. */
  public Optional<SessionRecord> active(Ed25519PublicKey peer) {
    byte[] id = db.get(Table.SESSIONS, RowKey.of(activeGroup(peer)));
    return id == null ? Optional.empty() : get(peer, id);
  }

  public void stagePut(Database.Batch batch, Ed25519PublicKey peer, SessionRecord record) {
    batch.put(Table.SESSIONS, new RowKey(sessions(peer), record.getSessionId().toByteArray()), record.toByteArray());
  }

  public void stageActive(Database.Batch batch, Ed25519PublicKey peer, byte[] sessionId) {
    batch.put(Table.SESSIONS, RowKey.of(activeGroup(peer)), sessionId);
  }

  public void stageDelete(Database.Batch batch, Ed25519PublicKey peer, byte[] sessionId) {
    batch.delete(Table.SESSIONS, new RowKey(sessions(peer), sessionId));
  }

  private static byte[] sessions(Ed25519PublicKey peer) {
    return Rows.group("s", peer.toBytes());
  }

  private static byte[] activeGroup(Ed25519PublicKey peer) {
    return Rows.group("a", peer.toBytes());
  }
}
