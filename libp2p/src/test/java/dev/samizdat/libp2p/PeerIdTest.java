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

  @Test
  void cidFormsInBase32Base36AndBase58AllNameTheSamePeer() {
    // The same Ed25519 peer as written in go-multiaddr's test list, in three multibases.
    PeerId id = PeerId.parse("12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV");
    String base32 = "bafzaajaiaejcalj543iwv2d7pkjt7ykvefrkfu7qjfi6sduakhso4lay6abn2d5u";
    String base36 = "k51qzi5uqu5dhb6l8spkdx7yxafegfkee5by8h7lmjh2ehc2sgg34z7c15vzqs";
    assertThat(PeerId.parse(base32)).isEqualTo(id);
    assertThat(PeerId.parse(base36)).isEqualTo(id);
    assertThat(PeerId.parse(base36.toUpperCase(java.util.Locale.ROOT))).isEqualTo(id);
    assertThat(id.toCid()).isEqualTo(base32);
    assertThat(id.toBase36Cid()).isEqualTo(base36);
    byte[] cid = Bytes.concat(new byte[] {0x01, 0x72}, id.toBytes());
    assertThat(PeerId.parse("z" + Base58.encode(cid))).isEqualTo(id);
    assertThat(id.multihash().function()).isEqualTo(Multihash.Function.IDENTITY);
    assertThat(id.multihash().toBytes()).isEqualTo(id.toBytes());
  }

  @Test
  void cidsOfOtherCodecsOrVersionsAreNotPeerIds() {
    // CIDv1 dag-pb of sha2-256("hello"), i.e. content, not a key.
    byte[] content = Bytes.concat(new byte[] {0x01, 0x70}, Multihash.sha256("hello".getBytes()).toBytes());
    assertThatThrownBy(() -> PeerId.parse("b" + Multibase.encodeBase32(content)))
        .hasMessageContaining("libp2p-key codec, got 0x70");
    byte[] v2 = Bytes.concat(new byte[] {0x02, 0x72}, Multihash.sha256("hello".getBytes()).toBytes());
    assertThatThrownBy(() -> PeerId.parse("b" + Multibase.encodeBase32(v2))).hasMessageContaining("version 1, got 2");
    assertThatThrownBy(() -> PeerId.parse("b")).hasMessageContaining("malformed CID");
    assertThatThrownBy(() -> PeerId.parse("bİ")).hasMessageContaining("not a base32 character");
  }
}
