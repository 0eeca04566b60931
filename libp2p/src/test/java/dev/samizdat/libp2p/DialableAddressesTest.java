package dev.samizdat.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DialableAddressesTest {
  @Test
  void everyInterfaceStandsForEachOfItsAddressesLoopbackFirst() {
    String peer = "/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    assertThat(DialableAddresses.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4501" + peer)))
        .first().hasToString("/ip4/127.0.0.1/tcp/4501" + peer);
    assertThat(DialableAddresses.of(Multiaddr.parse("/ip4/0.0.0.0/tcp/4501" + peer)))
        .noneMatch(a -> a.toString().contains("0.0.0.0")).allMatch(a -> a.toString().endsWith("/tcp/4501" + peer));
    assertThat(DialableAddresses.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/7"))).containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/7"));
  }
}
