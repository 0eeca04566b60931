package dev.samizdat.dht.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.dht.DhtConfig;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.TestPeers;
import dev.samizdat.dht.message.DhtRecord;
import dev.samizdat.dht.message.KadMessage;
import dev.samizdat.dht.message.MessageType;
import dev.samizdat.dht.provider.InMemoryProviderStore;
import dev.samizdat.dht.record.InMemoryRecordStore;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.dht.record.SignedRecord;
import dev.samizdat.dht.record.SignedRecordValidator;
import dev.samizdat.dht.routing.InMemoryRoutingTableStore;
import dev.samizdat.dht.routing.RoutingTable;
import dev.samizdat.libp2p.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestHandlerTest {
  private static final long NOW = 1_700_000_000_000L;
  private final TestPeers peers = new TestPeers(41);
  private final PeerId self = peers.id();
  private final RoutingTable table =
      new RoutingTable(self, DhtConfig.DEFAULT.routing(), new InMemoryRoutingTableStore(), NOW);
  private final InMemoryRecordStore records = new InMemoryRecordStore();
  private final InMemoryProviderStore providers = new InMemoryProviderStore();
  private final SignedRecordValidator sz = new SignedRecordValidator("sz");
  private final PeerAddresses selfAddresses = new PeerAddresses(self, List.of());
  private final byte[] providedHere = "a channel this node holds".getBytes(StandardCharsets.UTF_8);
  private final RequestHandler handler = new RequestHandler(self, table, records, providers,
      new RecordNamespaces(Map.of("sz", new RecordNamespaces.Rules(sz, sz))), DhtConfig.DEFAULT,
      key -> Arrays.equals(key, providedHere) ? Optional.of(selfAddresses) : Optional.empty());

  private KadMessage put(Ed25519PrivateKey signer, PeerId owner, long seq) {
    byte[] key = SignedRecord.key("sz", "prekeys", owner);
    byte[] value = SignedRecord.sign(signer, key, seq, NOW + 3600_000, new byte[] {(byte) seq}).encode();
    return KadMessage.putValue(DhtRecord.of(key, value));
  }

  @Test
  void findNodeAnswersWithTheClosestPeersButNotTheRequester() {
    PeerAddresses requester = peers.peer();
    table.offer(requester, true, NOW);
    for (int i = 0; i < 30; i++) {
      table.offer(peers.peer(), true, NOW);
    }
    var outcome = handler.handle(requester.id(), KadMessage.findNode(requester.id().toBytes()), NOW);
    KadMessage reply = ((HandlerOutcome.Reply) outcome).response();
    assertThat(reply.type()).isEqualTo(MessageType.FIND_NODE);
    assertThat(reply.closerPeers()).hasSize(20).doesNotContain(requester);
  }

  @Test
  void storesAValidRecordEchoesThePutAndServesItToGetValue() {
    Ed25519PrivateKey owner = peers.key();
    PeerId ownerId = PeerId.fromPublicKey(owner.publicKey());
    KadMessage put = put(owner, ownerId, 3);
    assertThat(handler.handle(ownerId, put, NOW)).isEqualTo(new HandlerOutcome.Reply(put));
    var get = (HandlerOutcome.Reply) handler.handle(peers.id(), KadMessage.getValue(put.key()), NOW + 1);
    assertThat(get.response().record().value()).isEqualTo(put.record().value());
    assertThat(get.response().record().timeReceived()).isPresent();
  }

  @Test
  void keepsTheHigherSequenceAndDeclinesAStalePut() {
    Ed25519PrivateKey owner = peers.key();
    PeerId ownerId = PeerId.fromPublicKey(owner.publicKey());
    handler.handle(ownerId, put(owner, ownerId, 5), NOW);
    assertThat(handler.handle(ownerId, put(owner, ownerId, 4), NOW)).isInstanceOf(HandlerOutcome.Declined.class);
    KadMessage same = put(owner, ownerId, 5);
    assertThat(handler.handle(ownerId, same, NOW + 1)).isEqualTo(new HandlerOutcome.Reply(same));
    var get = (HandlerOutcome.Reply) handler.handle(ownerId, KadMessage.getValue(put(owner, ownerId, 5).key()), NOW);
    assertThat(get.response().record().value()).isEqualTo(put(owner, ownerId, 5).record().value());
  }

  @Test
  void refusesAForgedRecordAndStoresNothing() {
    PeerId victim = peers.id();
    var outcome = handler.handle(peers.id(), put(peers.key(), victim, 1), NOW);
    assertThat(outcome).isInstanceOf(HandlerOutcome.Refused.class);
    assertThat(records.size()).isZero();
  }

  @Test
  void declinesRecordsBeyondThePerPeerLimit() {
    PeerId sender = peers.id();
    int limit = DhtConfig.DEFAULT.maxRecordsPerPeer();
    for (int i = 0; i < limit; i++) {
      Ed25519PrivateKey owner = peers.key();
      assertThat(handler.handle(sender, put(owner, PeerId.fromPublicKey(owner.publicKey()), 1), NOW))
          .isInstanceOf(HandlerOutcome.Reply.class);
    }
    Ed25519PrivateKey one = peers.key();
    assertThat(handler.handle(sender, put(one, PeerId.fromPublicKey(one.publicKey()), 1), NOW))
        .isInstanceOf(HandlerOutcome.Declined.class);
  }

  @Test
  void acceptsProvidersOnlyForTheSenderAndServesThemUntilTheyExpire() {
    PeerAddresses sender = peers.peer();
    byte[] key = "channel".getBytes();
    assertThat(handler.handle(sender.id(), KadMessage.addProvider(key, peers.peer()), NOW))
        .isInstanceOf(HandlerOutcome.Refused.class);
    assertThat(handler.handle(sender.id(), KadMessage.addProvider(key, sender), NOW))
        .isInstanceOf(HandlerOutcome.NoReply.class);
    var reply = (HandlerOutcome.Reply) handler.handle(peers.id(), KadMessage.getProviders(key), NOW);
    assertThat(reply.response().providerPeers()).containsExactly(sender);
    long later = NOW + DhtConfig.DEFAULT.providerTtlMillis();
    var expired = (HandlerOutcome.Reply) handler.handle(peers.id(), KadMessage.getProviders(key), later);
    assertThat(expired.response().providerPeers()).isEmpty();
  }

  @Test
  void answersForItselfForAKeyItProvides() {
    PeerAddresses other = peers.peer();
    handler.handle(other.id(), KadMessage.addProvider(providedHere, other), NOW);
    var reply = (HandlerOutcome.Reply) handler.handle(peers.id(), KadMessage.getProviders(providedHere), NOW);
    assertThat(reply.response().providerPeers()).containsExactly(selfAddresses, other);
  }

  @Test
  void refusesRequestsWithoutAKeyAndAnswersPing() {
    assertThat(handler.handle(peers.id(), KadMessage.getValue(new byte[0]), NOW))
        .isInstanceOf(HandlerOutcome.Refused.class);
    assertThat(handler.handle(peers.id(), KadMessage.ping(), NOW))
        .isEqualTo(new HandlerOutcome.Reply(KadMessage.ping()));
    assertThat(List.of(MessageType.values())).hasSize(6);
  }
}
