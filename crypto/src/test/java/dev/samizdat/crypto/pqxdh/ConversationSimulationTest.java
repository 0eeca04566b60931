package dev.samizdat.crypto.pqxdh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.ratchet.RatchetSession;
import dev.samizdat.crypto.ratchet.TestRandom;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A seeded, randomised conversation over a lossy, reordering, duplicating network, started with
 * PQXDH and carried on by the Double Ratchet, with both states serialised and restored halfway.
 */
class ConversationSimulationTest {
  private static final int MESSAGES = 10_000;
  /** How far a message may be overtaken: the network delivers one of the oldest this many in flight. */
  private static final int REORDER_WINDOW = 25;
  private static final double DROP = 0.02;
  private static final double DUPLICATE = 0.05;

  private record Packet(int id, boolean toBob, byte[] wire) {}

  private final Random network = new Random(20240601);
  private final TestRandom random = new TestRandom("ConversationSimulationTest");
  private final RatchetSession[] sessions = new RatchetSession[2]; // 0 = Alice, 1 = Bob
  private final List<Packet> inFlight = new ArrayList<>();
  private final List<Packet> delivered = new ArrayList<>();
  private final Set<Integer> decrypted = new HashSet<>();
  private int dropped;
  private int duplicatesRejected;

  private static byte[] payload(int id) {
    return ByteBuffer.allocate(4 + (id % 200)).putInt(id).array();
  }

  @Test
  void everyDeliveredMessageDecryptsExactlyOnceAndDuplicatesAreRejected() {
    Ed25519PrivateKey alice = Ed25519PrivateKey.generate(random);
    InMemoryPrekeyStore bobStore = new InMemoryPrekeyStore(Ed25519PrivateKey.generate(random));
    PrekeyBundle bundle = PrekeyGenerator.generate(bobStore, 1, 3, 1, random);
    Pqxdh.Initiated initiated = Pqxdh.initiate(alice, bundle, payload(0), random);
    Pqxdh.Accepted accepted = Pqxdh.respond(bobStore, initiated.message(), random);
    assertThat(accepted.plaintext()).isEqualTo(payload(0));
    sessions[0] = initiated.session();
    sessions[1] = accepted.session();
    decrypted.add(0);

    int sent = 1;
    boolean restored = false;
    while (sent < MESSAGES || !inFlight.isEmpty()) {
      if (!restored && sent >= MESSAGES / 2) {
        sessions[0] = RatchetSession.fromBytes(sessions[0].toBytes());
        sessions[1] = RatchetSession.fromBytes(sessions[1].toBytes());
        restored = true;
      }
      double action = network.nextDouble();
      if (sent < MESSAGES && (action < 0.45 || inFlight.isEmpty())) {
        boolean fromAlice = network.nextInt(3) > 0 == (sent / 50 % 2 == 0); // turns of unequal length
        int burst = 1 + network.nextInt(8);
        for (int i = 0; i < burst && sent < MESSAGES; i++, sent++) {
          inFlight.add(new Packet(sent, fromAlice, sessions[fromAlice ? 0 : 1].encrypt(payload(sent))));
        }
      } else if (action < 0.45 + DUPLICATE && !delivered.isEmpty()) {
        Packet again = delivered.get(network.nextInt(delivered.size()));
        RatchetSession to = sessions[again.toBob() ? 1 : 0];
        byte[] before = to.toBytes();
        assertThatThrownBy(() -> to.decrypt(again.wire(), random)).isInstanceOf(AuthenticationException.class);
        assertThat(to.toBytes()).isEqualTo(before);
        duplicatesRejected++;
      } else {
        Packet p = inFlight.remove(network.nextInt(Math.min(REORDER_WINDOW, inFlight.size())));
        if (network.nextDouble() < DROP) {
          dropped++;
          continue;
        }
        byte[] plaintext = sessions[p.toBob() ? 1 : 0].decrypt(p.wire(), random);
        assertThat(plaintext).isEqualTo(payload(p.id()));
        assertThat(decrypted.add(p.id())).as("message %d decrypted twice", p.id()).isTrue();
        delivered.add(p);
      }
    }
    assertThat(restored).isTrue();
    assertThat(decrypted).hasSize(MESSAGES - dropped);
    assertThat(dropped).isGreaterThan(100);
    assertThat(duplicatesRejected).isGreaterThan(500);
  }
}
