package dev.samizdat.libp2p.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Libp2pKeys;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves the js interop harness on its own: two js-libp2p peers driven through JsPeer. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JsPeerSelfTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void seededPeerIdIsTheLibp2pPeerIdOfThatEd25519Key() {
    var seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    try (var a = JsPeer.start(JsPeerOptions.defaults().withSeed(seed));
        var b = JsPeer.start(JsPeerOptions.defaults().withSeed(seed))) {
      assertThat(a.peerId()).isEqualTo(b.peerId()).isEqualTo(identityPeerId(seed));
      assertThat(a.listenAddr()).startsWith("/ip4/127.0.0.1/tcp/").endsWith("/p2p/" + a.peerId());
    }
  }

  @Test
  void jsPeersConnectPingIdentifyEchoAndPerf() {
    JsPeer closedAfterwards;
    try (var a = JsPeer.start(); var b = JsPeer.start()) {
      closedAfterwards = a;
      var connection = b.dial(a.listenAddr());
      assertThat(connection.peerId()).isEqualTo(a.peerId());
      assertThat(connection.encryption()).isEqualTo("/noise");
      assertThat(connection.multiplexer()).isEqualTo("/yamux/1.0.0");
      a.awaitEvent("connectionOpen", e -> b.peerId().equals(e.getString("peerId"))
          && "inbound".equals(e.getString("direction")), WAIT);

      assertThat(b.ping(a.peerId())).isGreaterThanOrEqualTo(0.0).isLessThan(WAIT.toMillis());

      b.awaitEvent("identify", e -> a.peerId().equals(e.getString("peerId")), WAIT);
      var identify = b.identify(a.peerId());
      assertThat(identify.protocols()).contains(JsPeer.ECHO_PROTOCOL, JsPeer.PERF_PROTOCOL, "/ipfs/ping/1.0.0");
      assertThat(identify.agentVersion()).isEqualTo(a.ready().agentVersion()).startsWith("js-libp2p/");
      var fresh = b.identifyAgain(a.peerId());
      assertThat(fresh.protocols()).containsExactlyInAnyOrderElementsOf(identify.protocols());
      assertThat(fresh.observedAddr()).startsWith("/ip4/127.0.0.1/tcp/");

      var echo = b.echo(a.peerId(), 10, 256 * 1024, Duration.ofSeconds(60));
      assertThat(echo.failures()).isEmpty();
      assertThat(echo.ok()).isTrue();
      assertThat(echo.streams()).isEqualTo(10);
      a.awaitEvents("served", e -> JsPeer.ECHO_PROTOCOL.equals(e.getString("protocol"))
          && "ok".equals(e.getString("outcome")) && e.getLong("bytesIn") == 256 * 1024
          && e.getLong("bytesOut") == 256 * 1024, 10, WAIT);

      var perf = b.perf(a.peerId(), 4L << 20, 3L << 20, Duration.ofSeconds(60));
      assertThat(perf.uploadBytes()).isEqualTo(4L << 20);
      assertThat(perf.downloadBytes()).isEqualTo(3L << 20);
      assertThat(perf.elapsedMs()).isPositive();
      a.awaitEvent("served", e -> JsPeer.PERF_PROTOCOL.equals(e.getString("protocol"))
          && e.getLong("bytesIn") == (4L << 20) + 8 && e.getLong("bytesOut") == 3L << 20, WAIT);
    }
    assertThat(closedAfterwards.isAlive()).isFalse();
  }

  @Test
  void resetStreamFailsOnTheServingSideAndTheConnectionSurvives() {
    try (var a = JsPeer.start(); var b = JsPeer.start()) {
      b.dial(a.listenAddr());
      var reset = b.echoReset(a.peerId(), 1 << 20, 128 * 1024, false);
      assertThat(reset.sent()).isEqualTo(128 * 1024);
      assertThat(reset.received()).isPositive().isLessThanOrEqualTo(128 * 1024);
      var served = a.awaitEvent("served", e -> JsPeer.ECHO_PROTOCOL.equals(e.getString("protocol")), WAIT);
      assertThat(served.getString("outcome")).isEqualTo("error");
      assertThat(served.getString("error")).contains("reset");
      assertThat(b.echo(a.peerId(), 2, 1000, WAIT).ok()).isTrue();

      b.echoReset(a.peerId(), 1 << 20, 128 * 1024, true);
      a.awaitEvent("connectionClose", e -> b.peerId().equals(e.getString("peerId")), WAIT);
      assertThat(b.connections()).isEmpty();
    }
  }

  @Test
  void failedCommandsSayWhatWentWrong() {
    try (var a = JsPeer.start()) {
      assertThatThrownBy(() -> a.dhtRoutingTable())
          .isInstanceOf(JsPeerException.class)
          .hasMessageContaining("--dht")
          .extracting(e -> ((JsPeerException) e).code()).isEqualTo("badRequest");
      assertThatThrownBy(() -> a.call("noSuchCommand", new JsonObject(), WAIT))
          .isInstanceOf(JsPeerException.class)
          .hasMessageContaining("unknown command");
      assertThat(a.isAlive()).isTrue();
    }
  }

  @Test
  void dhtValueStoredByOnePeerIsFoundByTheOtherAndProvidersToo() {
    var dht = JsPeerOptions.defaults().withDht();
    try (var a = JsPeer.start(dht); var b = JsPeer.start(dht)) {
      b.dial(a.listenAddr());
      a.awaitRoutingTable(1, WAIT);
      b.awaitRoutingTable(1, WAIT);

      var storedAt = a.dhtPut(JsPeer.TEST_KEY_PREFIX + "hello", "world");
      assertThat(storedAt).contains(b.peerId());
      var got = b.dhtGet(JsPeer.TEST_KEY_PREFIX + "hello");
      assertThat(new String(got.value(), StandardCharsets.UTF_8)).isEqualTo("world");

      var provided = a.dhtProvideContent("samizdat interop");
      assertThat(provided.multihash()).hasSize(34).startsWith(0x12, 0x20);
      var providers = b.dhtFindProviders(provided.cid());
      assertThat(providers).anySatisfy(p -> {
        assertThat(p.peerId()).isEqualTo(a.peerId());
        assertThat(p.addrs()).isNotEmpty();
      });

      var found = b.dhtFindPeer(a.peerId());
      assertThat(found.peerId()).isEqualTo(a.peerId());
      assertThat(found.addrs()).anySatisfy(addr -> assertThat(a.listenAddr()).startsWith(addr));
    }
  }

  /** PeerId of an Ed25519 key: base58btc of the identity multihash of its libp2p key encoding. */
  private static String identityPeerId(byte[] seed) {
    var encoded = Libp2pKeys.encodePublicKey(Ed25519PrivateKey.fromSeed(seed).publicKey());
    var multihash = new byte[2 + encoded.length];
    multihash[0] = 0x00; // identity
    multihash[1] = (byte) encoded.length;
    System.arraycopy(encoded, 0, multihash, 2, encoded.length);
    return base58(multihash);
  }

  private static String base58(byte[] bytes) {
    var alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    var sb = new StringBuilder();
    var n = new BigInteger(1, bytes);
    var base = BigInteger.valueOf(58);
    while (n.signum() > 0) {
      var qr = n.divideAndRemainder(base);
      sb.append(alphabet.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
      sb.append('1');
    }
    return sb.reverse().toString();
  }
}
