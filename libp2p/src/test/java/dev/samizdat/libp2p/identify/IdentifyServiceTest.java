package dev.samizdat.libp2p.identify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.libp2p.Multiaddr;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifyServiceTest {
  private static Multiaddr at(String text) {
    return Multiaddr.parse(text);
  }

  @Test
  void anUnspecifiedAddressStandsForWhereThePeerConnectedFrom() {
    assertThat(IdentifyService.dialable(List.of(at("/ip4/0.0.0.0/tcp/4501"), at("/ip6/::/tcp/4501")),
        at("/ip4/203.0.113.7/tcp/50000"))).containsExactly(at("/ip4/203.0.113.7/tcp/4501"));
  }

  @Test
  void loopbackAddressesAreKeptOnlyFromAPeerOnThisMachine() {
    List<Multiaddr> announced = List.of(at("/ip4/127.0.0.1/tcp/4501"), at("/ip4/198.51.100.2/tcp/4501"));
    assertThat(IdentifyService.dialable(announced, at("/ip4/198.51.100.2/tcp/50000")))
        .containsExactly(at("/ip4/198.51.100.2/tcp/4501"));
    assertThat(IdentifyService.dialable(announced, at("/ip4/127.0.0.1/tcp/50000"))).isEqualTo(announced);
  }

  @Test
  void anAddressNamedTwiceIsKeptOnce() {
    assertThat(IdentifyService.dialable(List.of(at("/ip4/0.0.0.0/tcp/1"), at("/ip4/127.0.0.1/tcp/1")),
        at("/ip4/127.0.0.1/tcp/9"))).containsExactly(at("/ip4/127.0.0.1/tcp/1"));
  }
}
