package dev.samizdat.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Bytes;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {
  private static final String QM = "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";
  private static final String QM_HEX = "a503221220d52ebb89d85b02a284948203a62ff28389c57c9f42beec4ec20db76a68911c0b";

  /**
   * Text and binary forms, transcribed from the multiaddr spec's test/multiaddr.feature,
   * go-multiaddr's multiaddr_test.go (TestStringToBytes) and rust-multiaddr's tests/lib.rs
   * (construct_success).
   */
  @ParameterizedTest
  @CsvSource({
    "/ip4/192.0.2.42/tcp/443, 04c000022a0601bb",
    "/ip4/127.0.0.1/udp/1234, 047f000001910204d2",
    "/ip4/127.0.0.1/tcp/4321, 047f0000010610e1",
    "/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321, 047f000001910204d2047f0000010610e1",
    "/ip4/1.2.3.4, 0401020304",
    "/ip4/0.0.0.0, 0400000000",
    "/ip6/::1, 2900000000000000000000000000000001",
    "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21, 29260100094f819700803eca6566e80c21",
    "/ip6/fe80::9700:803e:ca65:66e8:c21/ip6zone/wlan0, 29fe80000000009700803eca6566e80c212a05776c616e30",
    "/udp/0, 91020000",
    "/tcp/0, 060000",
    "/udp/1234, 910204d2",
    "/tcp/65535, 06ffff",
    "/tcp/1234/http, 0604d2e003",
    "/tcp/1234/tls/http, 0604d2c003e003",
    "/tcp/1234/https, 0604d2bb03",
    "/p2p/" + QM + ", " + QM_HEX,
    "/p2p/" + QM + "/tcp/1234, " + QM_HEX + "0604d2",
    "/ip4/127.0.0.1/tcp/1234, 047f0000010604d2",
    "/ip4/127.0.0.1/p2p/" + QM + "/tcp/1234, 047f000001" + QM_HEX + "0604d2",
    "/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095/tcp/8000/ws/p2p/" + QM
        + ", 29200108a07ac542013ac986fffe317095061f40dd03" + QM_HEX,
    "/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095/tcp/8000/wss/p2p/" + QM
        + ", 29200108a07ac542013ac986fffe317095061f40de03" + QM_HEX,
    "/ip4/127.0.0.1/tcp/9090/p2p-circuit/p2p/" + QM + ", 047f000001062382a202" + QM_HEX,
    "/dnsaddr/sjc-1.bootstrap.libp2p.io, 3819736a632d312e626f6f7473747261702e6c69627032702e696f",
    "/dnsaddr/sjc-1.bootstrap.libp2p.io/tcp/1234/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN, "
        + "3819736a632d312e626f6f7473747261702e6c69627032702e696f0604d2"
        + "a50322122006b3608aa000274049eb28ad8e793a26ff6fab281a7d3bd77cd18eb745dfaabb",
    "/ip4/127.0.0.1/tcp/127/ws, 047f00000106007fdd03",
    "/ip4/127.0.0.1/tcp/127/tls/ws, 047f00000106007fc003dd03",
    "/ip4/127.0.0.1/tcp/127/noise, 047f00000106007fc603",
    "/ip4/127.0.0.1/udp/1234/webrtc-direct, 047f000001910204d29802",
    "/ip4/127.0.0.1/udp/1234/webrtc-direct/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g, "
        + "047f000001910204d29802d203221220c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2",
    "/ip4/127.0.0.1/udp/1234/quic/webtransport, 047f000001910204d2cc03d103",
  })
  void publishedVectorsConvertBothWays(String text, String hex) {
    Multiaddr fromText = Multiaddr.parse(text);
    assertThat(Bytes.hex(fromText.toBytes())).isEqualTo(hex.toLowerCase(Locale.ROOT));
    Multiaddr fromBytes = Multiaddr.fromBytes(Bytes.fromHex(hex));
    assertThat(fromBytes.toString()).isEqualTo(text);
    assertThat(fromBytes).isEqualTo(fromText).hasSameHashCodeAs(fromText);
  }

  @Test
  void specScenarioListsItsComponents() {
    // multiaddr spec, test/multiaddr.feature, "Simple string form".
    Multiaddr addr = Multiaddr.parse("/ip4/192.0.2.42/tcp/443");
    assertThat(addr.components()).hasSize(2);
    Multiaddr.Component ip = addr.components().get(0);
    assertThat(ip.protocol()).isEqualTo(MultiaddrProtocol.IP4);
    assertThat(ip.protocol().code()).isEqualTo(4);
    assertThat(Bytes.hex(ip.value())).isEqualTo("c000022a");
    assertThat(ip.valueText()).isEqualTo("192.0.2.42");
    assertThat(ip.toString()).isEqualTo("/ip4/192.0.2.42");
    Multiaddr.Component tcp = addr.components().get(1);
    assertThat(tcp.protocol().multicodecName()).isEqualTo("tcp");
    assertThat(Bytes.hex(tcp.value())).isEqualTo("01bb");
    assertThat(tcp.valueText()).isEqualTo("443");
  }

  /** Valid inputs whose printed form is canonicalised (go-multiaddr, js-multiaddr tests). */
  @ParameterizedTest
  @CsvSource({
    "/ipfs/" + QM + ", /p2p/" + QM,
    "/ip4/127.0.0.1/tcp/1234/, /ip4/127.0.0.1/tcp/1234",
    "/ip6/0001:08a0:00c5:4201:3ac9:86ff:fe31:0709, /ip6/1:8a0:c5:4201:3ac9:86ff:fe31:709",
    "/ip6/0000:0000:0000:0000:0000:0000:0000:0001, /ip6/::1",
    "/ip6/::00:0:000:0:001, /ip6/::1",
    "/ip6/::101.45.75.219/tcp/9090, /ip6/::652d:4bdb/tcp/9090",
    "/ip6/0:00:0000:0002:0000:059c:0a24:0801/tcp/64142, /ip6/::2:0:59c:a24:801/tcp/64142",
    "/ip6/::ffff:127.0.0.1/tcp/111, /ip6/::ffff:127.0.0.1/tcp/111",
    "/ip6/2001:DB8:0:0:1:0:0:1, /ip6/2001:db8::1:0:0:1",
    "/ip6/1:0:0:2:0:0:0:3, /ip6/1:0:0:2::3",
    "/ip6/1:0:2:3:4:5:6:7, /ip6/1:0:2:3:4:5:6:7",
    "/ip6/2001:db8::, /ip6/2001:db8::",
    "/ipfs/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7, /p2p/" + QM,
    "/p2p/bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm, /p2p/" + QM,
    "/p2p/k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs, "
        + "/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
  })
  void textIsCanonicalisedWhenPrinted(String input, String printed) {
    Multiaddr addr = Multiaddr.parse(input);
    assertThat(addr.toString()).isEqualTo(printed);
    assertThat(Multiaddr.parse(printed)).isEqualTo(addr);
    assertThat(Multiaddr.fromBytes(addr.toBytes())).isEqualTo(addr);
  }

  /** A selection of go-multiaddr's "good" list (TestConstructSucceeds) within our protocol table. */
  @ParameterizedTest
  @ValueSource(strings = {
    "/ip4/192.0.2.0/ipcidr/24",
    "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic-v1",
    "/ip6/2001:db8::/ipcidr/32",
    "/ip6zone/x/ip6/fe80::1",
    "/ip6zone/x%y/ip6/::",
    "/ip6zone/x/ip6/fe80::1/udp/1234/quic-v1",
    "/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
    "/p2p/bafzaajaiaejcalj543iwv2d7pkjt7ykvefrkfu7qjfi6sduakhso4lay6abn2d5u",
    "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport",
    "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmpy",
    "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmpy"
        + "/certhash/zQmbWTwYGcmdyK9CYfNBcfs9nhZs17a6FQ4Y8oea278xx41",
    "/ip4/127.0.0.1/tcp/9090/http/p2p-webrtc-direct",
    "/ip4/127.0.0.1/tcp/127/webrtc",
    "/ip4/127.0.0.1/tcp/443/tls/sni/example.com/http",
    "/dns/example.com/tcp/443/wss/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
    "/dns4/localhost/udp/4001/quic-v1",
    "/dns6/ipv6.example.org/tcp/1",
    "/ip4/1.2.3.4/tcp/1/p2p/" + QM + "/p2p-circuit/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
  })
  void validAddressesRoundTripThroughBothForms(String text) {
    Multiaddr addr = Multiaddr.parse(text);
    Multiaddr again = Multiaddr.fromBytes(addr.toBytes());
    assertThat(again).isEqualTo(addr);
    assertThat(Multiaddr.parse(again.toString())).isEqualTo(addr);
    assertThat(again.toString()).isEqualTo(addr.toString());
  }

  /**
   * Invalid text from go-multiaddr (TestConstructFails, TestInvalidP2PAddrString), rust-multiaddr
   * (construct_fail) and js-multiaddr, plus our own edge cases, with the reason we expect.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "/ip4| ends without a value for /ip4",
    "/ip4/::1| not a dotted-decimal IPv4 address",
    "/ip4/fdpsofodsajfdoisa| not a dotted-decimal IPv4 address",
    "/ip4/01.2.3.4| not a dotted-decimal IPv4 address",
    "/ip4/1.2.3| not a dotted-decimal IPv4 address",
    "/ip4/1.2.3.4.5| not a dotted-decimal IPv4 address",
    "/ip4/256.1.1.1| not a dotted-decimal IPv4 address",
    "/ip4/::/ipcidr/256| not a dotted-decimal IPv4 address",
    "/ip6/::/ipcidr/1026| larger than 255",
    "/ip6| ends without a value for /ip6",
    "/ip6/1:2:3:4:5:6:7:8:9| not an IPv6 address",
    "/ip6/1::2::3| not an IPv6 address",
    "/ip6/12345::| not an IPv6 address",
    "/ip6/1:2:3:4:5:6:7:8::| not an IPv6 address",
    "/ip6/::1.2.3| not an IPv6 address",
    "/ip6/fe80::1%eth0| not an IPv6 address",
    "/ip6zone| ends without a value for /ip6zone",
    "/ip6zone//ip6/fe80::1| value must be 1 to 255 bytes",
    "/udp| ends without a value for /udp",
    "/tcp/65536| larger than 65535",
    "/udp/65536| larger than 65535",
    "/ip4/1.2.3.4/tcp/-1| not a valid /tcp value",
    "/ip4/127.0.0.1/tcp/jfodsajfidosajfoidsa| not a valid /tcp value",
    "/ip4/127.0.0.1/tcp| ends without a value for /tcp",
    "/quic-v1/65536| unsupported multiaddr protocol '65536'",
    "/ip4/127.0.0.1/quic-v1/1234| unsupported multiaddr protocol '1234'",
    "/p2p-circuit/50| unsupported multiaddr protocol '50'",
    "/ip4/127.0.0.1/p2p| ends without a value for /p2p",
    "/ip4/127.0.0.1/p2p/tcp| not a peer id",
    "/ip4/127.0.0.1/ipfs| ends without a value for /p2p",
    "/p2p/QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY| 33 digest bytes but 32 follow",
    "/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl-| not a base36 character",
    "/p2p/?unknownmultibase| unsupported multibase prefix '?'",
    "/p2p/k2jmtxwoe2phm1hbqp0e7nufqf6umvuu2e9qd7ana7h411a0haqj6i2z| libp2p-key codec",
    "/ip4/127.0.0.1/udp/1234/webrtc-direct/certhash| ends without a value for /certhash",
    "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmp| invalid /certhash value",
    "/ip4/0.0.0.0/ip4| ends without a value for /ip4",
    "/ip4/127.0.0.1/unknown| unsupported multiaddr protocol 'unknown'",
    "/onion/timaq4ygg2iegci7:1234| unsupported multiaddr protocol 'onion'",
    "/unix/a/b/c| unsupported multiaddr protocol 'unix'",
    "/| empty multiaddr",
    "ip4/1.2.3.4| does not begin with '/'",
    "//ip4/1.2.3.4| unsupported multiaddr protocol ''",
  })
  void invalidTextIsRejectedWithAReason(String text, String reason) {
    assertThatThrownBy(() -> Multiaddr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void emptyAndOverlongTextIsRejected() {
    assertThatThrownBy(() -> Multiaddr.parse("")).hasMessageContaining("does not begin with '/'");
    assertThatThrownBy(() -> Multiaddr.parse("/dns/" + "a".repeat(256))).hasMessageContaining("1 to 255 bytes");
    assertThatThrownBy(() -> Multiaddr.parse("/tls".repeat(Multiaddr.MAX_TEXT_LENGTH / 4 + 1)))
        .hasMessageContaining("longer than " + Multiaddr.MAX_TEXT_LENGTH);
    assertThatThrownBy(() -> Multiaddr.parse("/ws".repeat(600)))
        .hasMessageContaining("longer than " + Multiaddr.MAX_BYTES);
    Multiaddr longest = Multiaddr.parse("/p2p-webrtc-direct".repeat(Multiaddr.MAX_BYTES / 2));
    assertThat(longest.toBytes()).hasSize(Multiaddr.MAX_BYTES);
    assertThat(Multiaddr.parse(longest.toString())).isEqualTo(longest);
  }

  /** Invalid binary forms (go-multiaddr TestInvalidP2PAddrBytes and our own). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "a503221221c05877cbae039d70a5e600ea02c6f9f2942439285c9e344e26f8d280c850fad6| 33 digest bytes but 32 follow",
    "a503211220c05877cbae039d70a5e600ea02c6f9f2942439285c9e344e26f8d280c850fad6ff| 32 digest bytes but 31",
    "047f0000| needs 4 bytes but 3 remain",
    "047f0000010604| needs 2 bytes but 1 remain",
    "047f00000106| needs 2 bytes but 0 remain",
    "a5| truncated varint",
    "0604d2ff| truncated varint",
    "a580| truncated varint",
    "8000| not minimally encoded",
    "ffffffffffffffffff01| longer than 9 bytes",
    "bc030010c0439831b48218480050| unsupported multiaddr protocol code 444",
    "9302047f000001| unsupported multiaddr protocol code 275",
    "00| unsupported multiaddr protocol code 0",
    "3500| value must be 1 to 255 bytes",
    "3502612f| contains '/'",
    "3502c328| not UTF-8",
    "a50303000000| not a valid multihash",
    "d203221220c3ab| says 34 bytes but 4 remain",
    "d20304990101ab| unsupported multihash function code 0x99",
  })
  void invalidBinaryIsRejectedWithAReason(String hex, String reason) {
    assertThatThrownBy(() -> Multiaddr.fromBytes(Bytes.fromHex(hex)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void emptyAndOversizedBinaryIsRejected() {
    assertThatThrownBy(() -> Multiaddr.fromBytes(new byte[0])).hasMessageContaining("empty multiaddr");
    byte[] big = new byte[Multiaddr.MAX_BYTES + 1];
    assertThatThrownBy(() -> Multiaddr.fromBytes(big)).hasMessageContaining("longer than " + Multiaddr.MAX_BYTES);
  }

  @Test
  void p2pHelpersAddReadAndRemoveThePeer() {
    PeerId peer = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
    Multiaddr base = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001");
    assertThat(base.peerId()).isEmpty();
    assertThat(base.withoutP2p()).isSameAs(base);
    Multiaddr full = base.withP2p(peer);
    assertThat(full.toString()).isEqualTo("/ip4/1.2.3.4/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
    assertThat(full.peerId()).contains(peer);
    assertThat(full.withP2p(peer)).isSameAs(full);
    assertThat(full.withoutP2p()).isEqualTo(base);
    assertThatThrownBy(() -> full.withP2p(PeerId.parse(QM))).hasMessageContaining("already names peer");
    Multiaddr relayed = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + QM + "/p2p-circuit").withP2p(peer);
    assertThat(relayed.peerId()).contains(peer);
    assertThat(Multiaddr.parse("/p2p/" + QM).withoutP2p().toString()).isEqualTo("/");
    assertThat(base.encapsulate(Multiaddr.parse("/ws"))).isEqualTo(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/ws"));
  }

  @Test
  void socketAddressesWithoutNameLookups() {
    assertThat(Multiaddr.parse("/ip4/192.0.2.1/tcp/4001/p2p/" + QM).toInetSocketAddress())
        .contains(new InetSocketAddress("192.0.2.1", 4001));
    InetSocketAddress v6 = Multiaddr.parse("/ip6/::1/udp/9").toInetSocketAddress().orElseThrow();
    assertThat(v6.getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(v6.getPort()).isEqualTo(9);
    InetSocketAddress named = Multiaddr.parse("/dns4/example.com/tcp/443/wss").toInetSocketAddress().orElseThrow();
    assertThat(named.isUnresolved()).isTrue();
    assertThat(named.getHostString()).isEqualTo("example.com");
    assertThat(Multiaddr.parse("/dnsaddr/bootstrap.libp2p.io").toInetSocketAddress()).isEmpty();
    assertThat(Multiaddr.parse("/ip4/1.2.3.4").toInetSocketAddress()).isEmpty();
    assertThat(Multiaddr.parse("/tcp/1/ip4/1.2.3.4").toInetSocketAddress()).isEmpty();

    assertThat(Multiaddr.parse("/ip4/1.2.3.4/tcp/1").isPlainTcp()).isTrue();
    assertThat(Multiaddr.parse("/dns/a.example/tcp/1/p2p/" + QM).isPlainTcp()).isTrue();
    assertThat(Multiaddr.parse("/ip4/1.2.3.4/tcp/1/ws").isPlainTcp()).isFalse();
    assertThat(Multiaddr.parse("/ip4/1.2.3.4/udp/1/quic-v1").isPlainTcp()).isFalse();
    assertThat(Multiaddr.parse("/dnsaddr/a.example/tcp/1").isPlainTcp()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "/ip4/127.0.0.1/tcp/1, true, true",
    "/ip4/127.255.0.9, true, true",
    "/ip6/::1/tcp/1, true, true",
    "/ip6/::ffff:127.0.0.1, true, true",
    "/dns/localhost/tcp/1, true, true",
    "/dns4/api.LOCALHOST./tcp/1, true, true",
    "/ip4/10.1.2.3, false, true",
    "/ip4/172.16.0.1, false, true",
    "/ip4/172.31.255.255, false, true",
    "/ip4/172.32.0.1, false, false",
    "/ip4/192.168.1.1, false, true",
    "/ip4/100.64.0.1, false, true",
    "/ip4/100.128.0.1, false, false",
    "/ip4/169.254.1.1, false, true",
    "/ip6/fd00::1, false, true",
    "/ip6/fe80::1, false, true",
    "/ip6/fec0::1, false, false",
    "/ip6/::ffff:192.168.0.1, false, true",
    "/ip4/8.8.8.8/tcp/53, false, false",
    "/ip6/2001:4860:4860::8888, false, false",
    "/dns/example.com, false, false",
    "/p2p-circuit, false, false",
  })
  void classifiesLoopbackAndPrivateHosts(String text, boolean loopback, boolean isPrivate) {
    Multiaddr addr = Multiaddr.parse(text);
    assertThat(addr.isLoopback()).as("loopback").isEqualTo(loopback);
    assertThat(addr.isPrivate()).as("private").isEqualTo(isPrivate);
  }

  @Test
  void componentsAreImmutableValues() {
    Multiaddr addr = Multiaddr.parse("/ip4/1.2.3.4/tcp/1");
    byte[] value = addr.components().get(0).value();
    value[0] = 9;
    assertThat(addr.toString()).isEqualTo("/ip4/1.2.3.4/tcp/1");
    assertThatThrownBy(() -> addr.components().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(Multiaddr.of(addr.components())).isEqualTo(addr);
    assertThatThrownBy(() -> new Multiaddr.Component(MultiaddrProtocol.TCP, new byte[3]))
        .hasMessageContaining("needs 2 value bytes, not 3");
    assertThat(Multiaddr.Component.of(MultiaddrProtocol.UDP, "53").toString()).isEqualTo("/udp/53");
  }
}
