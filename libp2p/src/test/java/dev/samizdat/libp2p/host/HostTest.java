package dev.samizdat.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.libp2p.identify.IdentifyService;
import dev.samizdat.libp2p.ping.PingService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HostTest {

  @Test
  void javaHostsConnectIdentifyEachOtherAndPing() throws Exception {
    try (TestHosts hosts = new TestHosts()) {
      Host a = hosts.start(HostConfig.defaults().withAgentVersion("samizdat-test/a"));
      Host b = hosts.start(HostConfig.defaults().withAgentVersion("samizdat-test/b"));
      b.setHandler(TestHosts.ECHO, TestHosts::echo);

      Connection c = a.dial(b.listenAddresses().get(0)).get(10, TimeUnit.SECONDS);
      assertThat(c.remotePeer()).isEqualTo(b.peerId());
      assertThat(c.direction()).isEqualTo(Direction.OUTBOUND);

      Duration rtt = a.ping(b.peerId()).get(10, TimeUnit.SECONDS);
      assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(5));

      awaitIdentified(a, b, "samizdat-test/b");
      awaitIdentified(b, a, "samizdat-test/a");
      var info = a.peerStore().get(b.peerId()).orElseThrow();
      assertThat(info.protocols()).contains(TestHosts.ECHO, PingService.PROTOCOL_ID, IdentifyService.PROTOCOL_ID);
      assertThat(info.publicKey()).isPresent();
      assertThat(info.addresses()).isNotEmpty();

      Stream s = a.newStream(b.peerId(), List.of(TestHosts.ECHO)).get(10, TimeUnit.SECONDS);
      StreamReader reader = new StreamReader(s);
      s.write("hello".getBytes(StandardCharsets.UTF_8));
      s.closeWrite();
      byte[] back = reader.readToEnd(1024).get(10, TimeUnit.SECONDS);
      assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("hello");
    }
  }

  static void awaitIdentified(Host host, Host remote, String agent) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      var info = host.peerStore().get(remote.peerId());
      if (info.isPresent() && info.get().agentVersion().filter(agent::equals).isPresent()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(host.peerId() + " never identified " + remote.peerId());
  }
}
