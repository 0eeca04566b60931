package dev.samizdat.libp2p.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.identify.pb.IdentifyProtos.Identify;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifyCodecTest {
  static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(new byte[32]);

  @Test
  void fullMessageRoundTrips() {
    IdentifyInfo info = IdentifyInfo.of("samizdat/test", KEY.publicKey(),
        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4002")),
        Multiaddr.parse("/ip4/10.0.0.1/tcp/55555"), List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"));
    IdentifyInfo back = IdentifyCodec.decode(IdentifyCodec.encode(info), 8192);
    assertThat(back.agentVersion()).contains("samizdat/test");
    assertThat(back.protocolVersion()).contains(IdentifyInfo.PROTOCOL_VERSION);
    assertThat(back.publicKey()).contains(KEY.publicKey());
    assertThat(back.listenAddrs()).isEqualTo(info.listenAddrs());
    assertThat(back.observedAddr()).isEqualTo(info.observedAddr());
    assertThat(back.protocols()).containsExactly("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0");
  }

  @Test
  void fieldNumbersFollowTheSpec() {
    // identify/README.md: publicKey=1, listenAddrs=2, protocols=3, observedAddr=4, protocolVersion=5, agentVersion=6.
    ByteString one = ByteString.copyFrom(new byte[] {1});
    assertThat(Identify.newBuilder().setPublicKey(one).build().toByteArray()).containsExactly(0x0a, 1, 1);
    assertThat(Identify.newBuilder().addListenAddrs(one).build().toByteArray()).containsExactly(0x12, 1, 1);
    assertThat(Identify.newBuilder().addProtocols("p").build().toByteArray()).containsExactly(0x1a, 1, 'p');
    assertThat(Identify.newBuilder().setObservedAddr(one).build().toByteArray()).containsExactly(0x22, 1, 1);
    assertThat(Identify.newBuilder().setProtocolVersion("v").build().toByteArray()).containsExactly(0x2a, 1, 'v');
    assertThat(Identify.newBuilder().setSignedPeerRecord(one).build().toByteArray()).containsExactly(0x42, 1, 1);
    Identify pb = Identify.newBuilder().setAgentVersion("x").build();
    assertThat(pb.toByteArray()).containsExactly(0x32, 0x01, 'x');
  }

  @Test
  void unknownAddressesAreSkippedNotFatal() {
    byte[] message = Identify.newBuilder()
        .setPublicKey(ByteString.copyFrom(dev.samizdat.crypto.Libp2pKeys.encodePublicKey(KEY.publicKey())))
        .addListenAddrs(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x03, 1, 2}))
        .addListenAddrs(ByteString.copyFrom(Multiaddr.parse("/ip4/1.2.3.4/tcp/1").toBytes()))
        .build().toByteArray();
    assertThat(IdentifyCodec.decode(message, 8192).listenAddrs())
        .containsExactly(Multiaddr.parse("/ip4/1.2.3.4/tcp/1"));
  }

  @Test
  void oversizedOrMalformedMessagesAreProtocolViolations() {
    byte[] big = IdentifyCodec.encode(IdentifyInfo.of("a".repeat(9000), KEY.publicKey(), List.of(), null, List.of()));
    assertThatThrownBy(() -> IdentifyCodec.decode(big, 8192)).isInstanceOf(ProtocolViolationException.class);
    assertThatThrownBy(() -> IdentifyCodec.decode(new byte[] {0x0a, 0x05, 1}, 8192))
        .isInstanceOf(ProtocolViolationException.class);
    byte[] badKey = Identify.newBuilder().setPublicKey(ByteString.copyFrom(new byte[] {8, 1, 18, 2, 0, 0}))
        .build().toByteArray();
    assertThatThrownBy(() -> IdentifyCodec.decode(badKey, 8192)).isInstanceOf(ProtocolViolationException.class);
  }

  @Test
  void pushWithoutKeyDecodesAndSaysWhichFieldsItCarries() {
    byte[] push = Identify.newBuilder().addProtocols("/x/1.0.0").build().toByteArray();
    IdentifyInfo info = IdentifyCodec.decode(push, 8192);
    assertThat(info.publicKey()).isEmpty();
    assertThat(info.hasProtocols()).isTrue();
    assertThat(info.hasListenAddrs()).isFalse();
  }

  @Test
  void randomKeysRoundTrip() {
    var key = Ed25519PrivateKey.generate(new SecureRandom()).publicKey();
    var info = IdentifyInfo.of("a", key, List.of(), null, List.of());
    assertThat(IdentifyCodec.decode(IdentifyCodec.encode(info), 8192).publicKey()).contains(key);
  }
}
