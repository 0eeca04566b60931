package dev.samizdat.node.messaging.store;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MlKem768;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.crypto.pqxdh.IdentityDh;
import dev.samizdat.crypto.pqxdh.PrekeyStore;
import dev.samizdat.crypto.pqxdh.PrekeysUsed;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.PrekeyMeta;
import dev.samizdat.node.messaging.proto.MessagingStoreProtos.StoredPrekey;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.RowKey;
import dev.samizdat.node.store.Table;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The responder's private prekeys in the {@link Table#PREKEYS} table (encrypted at rest), with the
 * bundle's bookkeeping. A maintenance pass stages its keys, deletions and bookkeeping into one batch
 * ({@code stage…} methods), so that a crash leaves either all of it or none: never keys the
 * bookkeeping does not name. The {@link PrekeyStore} methods commit each key on its own. Every commit
 * is synced: a published prekey must survive a crash. Thread-safe.
 *
 * <p>{@link #staging()} gives a view for {@code Pqxdh.respond} that only records which one-time
 * prekeys an initial message consumed, so that their deletion is committed in the same batch as the
 * message and the new session.
 */
public final class RocksPrekeyStore implements PrekeyStore {
  private static final byte[] SIGNED = Rows.group("spk");
  private static final byte[] LAST_RESORT = Rows.group("lrk");
  private static final byte[] ONE_TIME = Rows.group("opk");
  private static final byte[] ONE_TIME_KEM = Rows.group("okem");
  private static final RowKey META = RowKey.of("meta");

  private final Database db;
  private final Ed25519PrivateKey identity;
  private final X25519PrivateKey identityDh;

  public RocksPrekeyStore(Database db, Ed25519PrivateKey identity) {
    this.db = db;
    this.identity = identity;
    this.identityDh = IdentityDh.privateKey(identity);
  }

  /** A prekey's id with its private key (X25519 scalar or ML-KEM seed) and creation time. */
  public record Entry(int id, byte[] privateKey, long createdAtMillis) {}

  @Override
  public Ed25519PrivateKey identity() {
    return identity;
  }

  @Override
  public X25519PrivateKey identityDh() {
    return identityDh;
  }

  public PrekeyMeta meta() {
    byte[] v = db.get(Table.PREKEYS, META);
    return v == null ? PrekeyMeta.getDefaultInstance() : Rows.parse(PrekeyMeta.parser(), v, "prekey bookkeeping");
  }

  public void stageMeta(Database.Batch batch, PrekeyMeta meta) {
    batch.put(Table.PREKEYS, META, meta.toByteArray());
  }

  public void stageSignedPrekey(Database.Batch batch, int id, X25519PrivateKey key, long createdAtMillis) {
    stagePut(batch, SIGNED, id, key.toBytes(), createdAtMillis);
  }

  public void stageLastResortKemPrekey(Database.Batch batch, int id, MlKem768.PrivateKey key, long createdAtMillis) {
    stagePut(batch, LAST_RESORT, id, key.seed(), createdAtMillis);
  }

  public void stageOneTimePrekey(Database.Batch batch, int id, X25519PrivateKey key) {
    stagePut(batch, ONE_TIME, id, key.toBytes(), 0);
  }

  public void stageOneTimeKemPrekey(Database.Batch batch, int id, MlKem768.PrivateKey key) {
    stagePut(batch, ONE_TIME_KEM, id, key.seed(), 0);
  }

  public void stageDeleteSignedPrekey(Database.Batch batch, int id) {
    batch.delete(Table.PREKEYS, key(SIGNED, id));
  }

  public void stageDeleteLastResortKemPrekey(Database.Batch batch, int id) {
    batch.delete(Table.PREKEYS, key(LAST_RESORT, id));
  }

  @Override
  public void addSignedPrekey(int id, X25519PrivateKey key) {
    commitAlone(batch -> stageSignedPrekey(batch, id, key, 0));
  }

  @Override
  public void addLastResortKemPrekey(int id, MlKem768.PrivateKey key) {
    commitAlone(batch -> stageLastResortKemPrekey(batch, id, key, 0));
  }

  @Override
  public void addOneTimePrekey(int id, X25519PrivateKey key) {
    commitAlone(batch -> stageOneTimePrekey(batch, id, key));
  }

  @Override
  public void addOneTimeKemPrekey(int id, MlKem768.PrivateKey key) {
    commitAlone(batch -> stageOneTimeKemPrekey(batch, id, key));
  }

  @Override
  public Optional<X25519PrivateKey> signedPrekey(int id) {
    return get(SIGNED, id).map(e -> X25519PrivateKey.fromBytes(e.privateKey()));
  }

  @Override
  public Optional<MlKem768.PrivateKey> lastResortKemPrekey(int id) {
    return get(LAST_RESORT, id).map(e -> MlKem768.PrivateKey.fromSeed(e.privateKey()));
  }

  @Override
  public Optional<X25519PrivateKey> oneTimePrekey(int id) {
    return get(ONE_TIME, id).map(e -> X25519PrivateKey.fromBytes(e.privateKey()));
  }

  @Override
  public Optional<MlKem768.PrivateKey> oneTimeKemPrekey(int id) {
    return get(ONE_TIME_KEM, id).map(e -> MlKem768.PrivateKey.fromSeed(e.privateKey()));
  }

  @Override
  public synchronized boolean consumeOneTime(PrekeysUsed used) {
    if (!holdsOneTime(used)) {
      return false;
    }
    Database.Batch batch = db.batch();
    stageConsume(batch, used);
    batch.commit(true);
    return true;
  }

  boolean holdsOneTime(PrekeysUsed used) {
    boolean ec = used.oneTimePrekeyId().isEmpty() || get(ONE_TIME, used.oneTimePrekeyId().getAsInt()).isPresent();
    boolean kem = !used.kemPrekeyIsOneTime() || get(ONE_TIME_KEM, used.kemPrekeyId()).isPresent();
    return ec && kem;
  }

  /** Stages the deletion of the one-time prekeys {@code used} names. */
  public void stageConsume(Database.Batch batch, PrekeysUsed used) {
    used.oneTimePrekeyId().ifPresent(id -> batch.delete(Table.PREKEYS, key(ONE_TIME, id)));
    if (used.kemPrekeyIsOneTime()) {
      batch.delete(Table.PREKEYS, key(ONE_TIME_KEM, used.kemPrekeyId()));
    }
  }

  @Override
  public boolean containsId(int id) {
    return get(SIGNED, id).isPresent() || get(LAST_RESORT, id).isPresent() || get(ONE_TIME, id).isPresent()
        || get(ONE_TIME_KEM, id).isPresent();
  }

  public List<Entry> signedPrekeys() {
    return list(SIGNED);
  }

  public List<Entry> lastResortKemPrekeys() {
    return list(LAST_RESORT);
  }

  public List<Entry> oneTimePrekeys() {
    return list(ONE_TIME);
  }

  public List<Entry> oneTimeKemPrekeys() {
    return list(ONE_TIME_KEM);
  }

  /** A view for one {@code Pqxdh.respond} call; see the class comment. Not thread-safe. */
  public Staging staging() {
    return new Staging();
  }

  /** Records the one-time prekeys consumed instead of deleting them. */
  public final class Staging implements PrekeyStore {
    private PrekeysUsed consumed;

    private Staging() {}

    /** What the respond call consumed, if anything: stage it with {@link #stageConsume}. */
    public Optional<PrekeysUsed> consumed() {
      return Optional.ofNullable(consumed);
    }

    @Override
    public boolean consumeOneTime(PrekeysUsed used) {
      if (!holdsOneTime(used)) {
        return false;
      }
      consumed = used;
      return true;
    }

    @Override
    public Ed25519PrivateKey identity() {
      return identity;
    }

    @Override
    public X25519PrivateKey identityDh() {
      return identityDh;
    }

    @Override
    public void addSignedPrekey(int id, X25519PrivateKey key) {
      throw new UnsupportedOperationException("a staging view only responds");
    }

    @Override
    public void addLastResortKemPrekey(int id, MlKem768.PrivateKey key) {
      throw new UnsupportedOperationException("a staging view only responds");
    }

    @Override
    public void addOneTimePrekey(int id, X25519PrivateKey key) {
      throw new UnsupportedOperationException("a staging view only responds");
    }

    @Override
    public void addOneTimeKemPrekey(int id, MlKem768.PrivateKey key) {
      throw new UnsupportedOperationException("a staging view only responds");
    }

    @Override
    public Optional<X25519PrivateKey> signedPrekey(int id) {
      return RocksPrekeyStore.this.signedPrekey(id);
    }

    @Override
    public Optional<MlKem768.PrivateKey> lastResortKemPrekey(int id) {
      return RocksPrekeyStore.this.lastResortKemPrekey(id);
    }

    @Override
    public Optional<X25519PrivateKey> oneTimePrekey(int id) {
      return RocksPrekeyStore.this.oneTimePrekey(id);
    }

    @Override
    public Optional<MlKem768.PrivateKey> oneTimeKemPrekey(int id) {
      return RocksPrekeyStore.this.oneTimeKemPrekey(id);
    }

    @Override
    public boolean containsId(int id) {
      return RocksPrekeyStore.this.containsId(id);
    }
  }

  private void commitAlone(Consumer<Database.Batch> change) {
    try (Database.Batch batch = db.batch()) {
      change.accept(batch);
      batch.commit(true);
    }
  }

  private static void stagePut(Database.Batch batch, byte[] group, int id, byte[] privateKey, long createdAt) {
    StoredPrekey value = StoredPrekey.newBuilder().setPrivateKey(ByteString.copyFrom(privateKey))
        .setCreatedAtMillis(createdAt).build();
    batch.put(Table.PREKEYS, key(group, id), value.toByteArray());
  }

  private Optional<Entry> get(byte[] group, int id) {
    byte[] v = db.get(Table.PREKEYS, key(group, id));
    return Optional.ofNullable(v).map(bytes -> entry(id, bytes));
  }

  private List<Entry> list(byte[] group) {
    List<Entry> out = new ArrayList<>();
    for (Database.Row row : db.scan(Table.PREKEYS, group, null, Integer.MAX_VALUE)) {
      out.add(entry(ByteBuffer.wrap(row.suffix()).getInt(), row.value()));
    }
    return out;
  }

  private static Entry entry(int id, byte[] value) {
    StoredPrekey p = Rows.parse(StoredPrekey.parser(), value, "prekey");
    return new Entry(id, p.getPrivateKey().toByteArray(), p.getCreatedAtMillis());
  }

  private static RowKey key(byte[] group, int id) {
    return new RowKey(group, Rows.u32(id));
  }
}
