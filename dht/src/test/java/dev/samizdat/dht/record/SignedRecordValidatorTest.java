package dev.samizdat.dht.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.dht.TestPeers;
import dev.samizdat.libp2p.PeerId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedRecordValidatorTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final long HOUR = 3600_000L;
  private final TestPeers peers = new TestPeers(31);
  private final Ed25519PrivateKey owner = peers.key();
  private final PeerId ownerId = PeerId.fromPublicKey(owner.publicKey());
  private final byte[] key = SignedRecord.key("sz", "prekeys", ownerId);
  private final SignedRecordValidator validator = new SignedRecordValidator("sz");

  private byte[] signed(long seq, long expires) {
    return SignedRecord.sign(owner, key, seq, expires, new byte[] {1, 2, 3}).encode();
  }

  @Test
  void acceptsARecordSignedByTheKeyInItsKey() {
    validator.validate(key, signed(1, NOW + HOUR), NOW);
    assertThat(SignedRecord.parse(key, signed(1, NOW + HOUR)).payload()).containsExactly(1, 2, 3);
  }

  @Test
  void refusesARecordSignedByAnotherKey() {
    byte[] forged = SignedRecord.sign(peers.key(), key, 9, NOW + HOUR, new byte[] {6}).encode();
    assertThatThrownBy(() -> validator.validate(key, forged, NOW))
        .isInstanceOf(InvalidRecordException.class).hasMessageContaining("signature");
  }

  @Test
  void refusesARecordMovedToAnotherKey() {
    byte[] other = SignedRecord.key("sz", "mailbox", ownerId);
    assertThatThrownBy(() -> validator.validate(other, signed(1, NOW + HOUR), NOW))
        .isInstanceOf(InvalidRecordException.class).hasMessageContaining("another key");
  }

  @Test
  void refusesExpiredAndTooLongLivedRecords() {
    assertThatThrownBy(() -> validator.validate(key, signed(1, NOW), NOW)).hasMessageContaining("expired");
    assertThatThrownBy(() -> validator.validate(key, signed(1, NOW + 49 * HOUR), NOW)).hasMessageContaining("48 h");
  }

  @Test
  void refusesOversizedValuesAndForeignNamespaces() {
    byte[] big = SignedRecord.sign(owner, key, 1, NOW + HOUR, new byte[SignedRecord.MAX_VALUE_SIZE]).encode();
    assertThatThrownBy(() -> validator.validate(key, big, NOW)).hasMessageContaining("exceeds");
    assertThatThrownBy(() -> new SignedRecordValidator("sztest").validate(key, signed(1, NOW + HOUR), NOW))
        .hasMessageContaining("/sztest/");
  }

  @Test
  void highestSequenceWinsThenLaterExpiry() {
    byte[] a = signed(5, NOW + HOUR);
    byte[] b = signed(7, NOW + HOUR);
    byte[] c = signed(7, NOW + 2 * HOUR);
    assertThat(validator.select(key, List.of(a, b, c))).isEqualTo(2);
    assertThat(validator.select(key, List.of(c, a, b))).isEqualTo(0);
  }

  @Test
  void namespacesRouteKeysToTheirRules() {
    RecordNamespaces ns = new RecordNamespaces(java.util.Map.of("sz", new RecordNamespaces.Rules(validator, validator)));
    assertThat(RecordNamespaces.namespaceOf(key)).contains("sz");
    ns.validate(key, signed(1, NOW + HOUR), NOW);
    assertThatThrownBy(() -> ns.validate("/ipns/x".getBytes(), new byte[0], NOW))
        .isInstanceOf(InvalidRecordException.class).hasMessageContaining("/ipns/");
  }
}
