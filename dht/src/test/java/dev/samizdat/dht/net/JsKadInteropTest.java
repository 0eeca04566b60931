package dev.samizdat.dht.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.query.LookupResult;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.Multibase;
import dev.samizdat.libp2p.Multihash;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.interop.JsPeer;
import dev.samizdat.libp2p.interop.JsPeerOptions;
import dev.samizdat.libp2p.interop.JsReplies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The DHT against js-libp2p's {@code @libp2p/kad-dht} on 127.0.0.1, both speaking
 * {@code /samizdat/kad/1.0.0}: js is connected to Java node A only; Java node B joins through A.
 * Records use the js peer's {@code /test/} namespace, registered here with the same rules.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsKadInteropTest {
  private LocalDhtNetwork net;
  private JsPeer js;
  private PeerId jsId;
  private LocalDhtNetwork.Node a;
  private LocalDhtNetwork.Node b;

  @BeforeAll
  void start() throws Exception {
    GreatestValueWins rules = new GreatestValueWins();
    net = new LocalDhtNetwork(Map.of(GreatestValueWins.NAMESPACE, new RecordNamespaces.Rules(rules, rules)));
    js = JsPeer.start(JsPeerOptions.defaults().withDht().withDhtProtocol(DhtOptions.SAMIZDAT_PROTOCOL));
    jsId = PeerId.parse(js.peerId());
    a = net.node();
    b = net.node();
    js.dial(a.address().toString());
    // js adds A after identify shows the kad protocol and a ping succeeds; A adds js from identify.
    js.awaitRoutingTable(1, Duration.ofSeconds(30));
    LocalDhtNetwork.await("A's table holds the js peer", Duration.ofSeconds(20),
        () -> a.dht().kad().routingTable().contains(jsId));
    b.dht().bootstrap(List.of(a.address())).get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    if (js != null) {
      js.close();
    }
    net.close();
  }

  /** B was given only A's address: all it knows of js came from A's FIND_NODE replies. */
  @Test
  void javaNodeFindsTheJsPeerThroughAThirdNode() throws Exception {
    LookupResult r = b.dht().findClosest(jsId.toBytes()).get(30, TimeUnit.SECONDS);
    assertThat(r.closest()).isNotEmpty();
    assertThat(r.closest().get(0).id()).isEqualTo(jsId);
    Optional<PeerAddresses> found = b.dht().findPeer(jsId).get(30, TimeUnit.SECONDS);
    assertThat(found).isPresent();
    assertThat(found.get().multiaddrs()).extracting(Multiaddr::fromBytes)
        .contains(Multiaddr.parse(js.listenAddr()).withoutP2p());
  }

  @Test
  void jsFindsAJavaPeerByItsDht() {
    JsReplies.PeerInfo info = js.dhtFindPeer(b.id().toBase58());
    assertThat(info.peerId()).isEqualTo(b.id().toBase58());
    assertThat(info.addrs()).anySatisfy(addr -> assertThat(addr).startsWith(b.address().withoutP2p().toString()));
  }

  @Test
  void valuePutFromJavaIsReadFromJs() throws Exception {
    byte[] key = "/test/from-java".getBytes(StandardCharsets.UTF_8);
    byte[] value = "hello from java".getBytes(StandardCharsets.UTF_8);
    KadDht.PutResult put = b.dht().put(key, value).get(30, TimeUnit.SECONDS);
    assertThat(put.stored()).isGreaterThanOrEqualTo(1);
    JsReplies.DhtValue got = js.dhtGet(key);
    assertThat(got.value()).isEqualTo(value);
  }

  @Test
  void valuePutFromJsIsReadFromJava() throws Exception {
    List<String> storedAt = js.dhtPut("/test/from-js", "hello from js");
    assertThat(storedAt).isNotEmpty();
    for (LocalDhtNetwork.Node reader : List.of(a, b)) {
      Optional<byte[]> got = reader.dht().get("/test/from-js".getBytes(StandardCharsets.UTF_8))
          .get(30, TimeUnit.SECONDS);
      assertThat(got).hasValueSatisfying(v ->
          assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("hello from js"));
    }
  }

  @Test
  void aBetterValueFromJsReplacesTheJavaOneByTheSharedSelector() throws Exception {
    byte[] key = "/test/contested".getBytes(StandardCharsets.UTF_8);
    b.dht().put(key, "aaa".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
    js.dhtPut("/test/contested", "zzz");
    Optional<byte[]> got = b.dht().get(key).get(30, TimeUnit.SECONDS);
    assertThat(got).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("zzz"));
  }

  @Test
  void jsProviderIsFoundFromJava() throws Exception {
    JsReplies.Provided provided = js.dhtProvideContent("provided by js");
    List<PeerAddresses> providers = b.dht().findProviders(provided.multihash(), 5).get(30, TimeUnit.SECONDS);
    assertThat(providers).extracting(PeerAddresses::id).contains(jsId);
    assertThat(provided.multihash()).isEqualTo(Multihash.sha256("provided by js".getBytes(StandardCharsets.UTF_8)).toBytes());
  }

  @Test
  void javaProviderIsFoundFromJs() throws Exception {
    byte[] multihash = Multihash.sha256("provided by java".getBytes(StandardCharsets.UTF_8)).toBytes();
    b.dht().provide(multihash).get(30, TimeUnit.SECONDS);
    String cid = "b" + Multibase.encodeBase32(concat(new byte[] {0x01, 0x55}, multihash));
    List<JsReplies.PeerInfo> providers = js.dhtFindProviders(cid);
    assertThat(providers).extracting(JsReplies.PeerInfo::peerId).contains(b.id().toBase58());
  }

  private static byte[] concat(byte[] x, byte[] y) {
    byte[] out = new byte[x.length + y.length];
    System.arraycopy(x, 0, out, 0, x.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }
}
