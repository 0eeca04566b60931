package dev.samizdat.node.messaging.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.envelope.SealedEnvelope;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.store.RocksMailboxStore.Outcome;
import dev.samizdat.node.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksMailboxStoreTest {
  private static final Duration RETENTION = Duration.ofDays(14);
  private static final long NOON = Instant.parse("2030-01-01T12:00:00Z").toEpochMilli();
  private static final long DAY = Duration.ofDays(1).toMillis();

  private final SecureRandom random = new SecureRandom();
  private final Ed25519PrivateKey sender = Ed25519PrivateKey.generate(random);
  private final Ed25519PublicKey recipient = Ed25519PrivateKey.generate(random).publicKey();
  private final PeerId depositor = PeerId.fromPublicKey(sender.publicKey());
  private final PeerId otherDepositor = PeerId.fromPublicKey(Ed25519PrivateKey.generate(random).publicKey());

  @TempDir Path dir;

  private byte[] envelope() {
    return SealedEnvelope.seal(sender, recipient, new byte[1000], random).encode();
  }

  private RocksMailboxStore store(Database db) {
    long threeEnvelopes = 3L * envelope().length;
    return new RocksMailboxStore(db, RETENTION, Long.MAX_VALUE, threeEnvelopes);
  }

  @Test
  void whatAPeerDepositedCountsAgainstItAcrossARestartUntilItsDayHasAgedOut() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksMailboxStore store = store(db);
      assertThat(store.deposit(recipient, depositor, envelope(), NOON)).isEqualTo(Outcome.STORED);
      assertThat(store.deposit(recipient, depositor, envelope(), NOON)).isEqualTo(Outcome.STORED);
      assertThat(store.deposit(recipient, depositor, envelope(), NOON + 3 * DAY)).isEqualTo(Outcome.STORED);
      assertThat(store.deposit(recipient, depositor, envelope(), NOON + 3 * DAY)).isEqualTo(Outcome.DEPOSITOR_FULL);
      assertThat(store.deposit(recipient, otherDepositor, envelope(), NOON + 3 * DAY)).isEqualTo(Outcome.STORED);
    }
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksMailboxStore store = store(db);
      assertThat(store.deposit(recipient, depositor, envelope(), NOON + 4 * DAY)).isEqualTo(Outcome.DEPOSITOR_FULL);

      // The first day's envelopes expire, and with them what they counted against their depositor.
      long later = NOON + RETENTION.toMillis() + DAY;
      assertThat(store.expire(later)).isEqualTo(2);
      assertThat(store.depositedWithinRetention(depositor, later)).isEqualTo(envelope().length);
      assertThat(store.deposit(recipient, depositor, envelope(), later)).isEqualTo(Outcome.STORED);
      assertThat(store.deposit(recipient, depositor, envelope(), later)).isEqualTo(Outcome.STORED);
      assertThat(store.deposit(recipient, depositor, envelope(), later)).isEqualTo(Outcome.DEPOSITOR_FULL);
    }
  }

  @Test
  void anEnvelopeDepositedAgainIsNotCountedTwice() {
    try (Database db = Database.open(dir, new byte[32], random)) {
      RocksMailboxStore store = store(db);
      byte[] envelope = envelope();
      for (int i = 0; i < 5; i++) {
        assertThat(store.deposit(recipient, depositor, envelope, NOON)).isIn(Outcome.STORED, Outcome.ALREADY_STORED);
      }
      assertThat(store.depositedWithinRetention(depositor, NOON)).isEqualTo(envelope.length);
    }
  }
}
