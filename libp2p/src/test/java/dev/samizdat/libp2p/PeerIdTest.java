package dev.samizdat.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Libp2pKeys;
import org.junit.jupiter.api.Test;

class PeerIdTest {

  /**
   * The Ed25519 vector of the libp2p peer-id spec (specs: peer-ids/peer-ids.md, "Test vectors"):
   * the private key protobuf and the peer id derived from it.
   */
  private static final String SPEC_PRIVATE_KEY =
      "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  private static final String SPEC_PUBLIC_KEY =
      "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

  @Test
  void specVectorKeyDecodesAndReencodes() {
    Ed25519PrivateKey key = Libp2pKeys.decodePrivateKey(Bytes.fromHex(SPEC_PRIVATE_KEY));
    assertThat(Bytes.hex(Libp2pKeys.encodePrivateKey(key))).isEqualTo(SPEC_PRIVATE_KEY);
    assertThat(Bytes.hex(Libp2pKeys.encodePublicKey(key.publicKey()))).isEqualTo(SPEC_PUBLIC_KEY);
  }

  @Test
  void ed25519PeerIdInlinesTheKeyAndPrintsAs12D3KooW() {
    Ed25519PrivateKey key = Libp2pKeys.decodePrivateKey(Bytes.fromHex(SPEC_PRIVATE_KEY));
    PeerId id = PeerId.fromPublicKey(key.publicKey());
    assertThat(id.toBytes()).startsWith(0x00, 0x24);
    assertThat(id.toBase58()).startsWith("12D3KooW");
    assertThat(id.publicKey()).contains(key.publicKey());
    assertThat(PeerId.parse(id.toBase58())).isEqualTo(id);
    assertThat(id.toCid()).startsWith("bafzaa");
    assertThat(PeerId.parse(id.toCid())).isEqualTo(id);
  }

  @Test
  void knownPeerIdTextRoundTrips() {
    // A peer id as printed by go-libp2p, from the libp2p docs.
    String text = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    assertThat(PeerId.parse(text).toBase58()).isEqualTo(text);
    String rsa = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";
    PeerId rsaId = PeerId.parse(rsa);
    assertThat(rsaId.toBase58()).isEqualTo(rsa);
    assertThat(rsaId.publicKey()).isEmpty();
  }

  @Test
  void malformedTextIsRejectedWithAReason() {
    assertThatThrownBy(() -> PeerId.parse("12D3KooW0OIl")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base58");
    assertThatThrownBy(() -> PeerId.parse("hello")).hasMessageContaining("not a peer id");
    assertThatThrownBy(() -> PeerId.parse("12D3KooW")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PeerId.fromBytes(new byte[] {0x11, 0x02, 1, 2}))
        .hasMessageContaining("unsupported multihash");
  }
}
