package dev.samizdat.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.X25519PrivateKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.noise.HandshakeState.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoiseHandshakeTest {
  private final SecureRandom random = TestRandoms.seeded(1);
  private final Ed25519PrivateKey alice = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey bob = Ed25519PrivateKey.generate(random);
  private final NoiseIdentity aliceNoise = NoiseIdentity.generate(alice, random);
  private final NoiseIdentity bobNoise = NoiseIdentity.generate(bob, random);

  @Test
  void peersAuthenticateEachOtherAndAgreeOnYamuxInBothDirections() {
    for (boolean aliceDials : new boolean[] {true, false}) {
      NoiseIdentity dialer = aliceDials ? aliceNoise : bobNoise;
      NoiseIdentity listener = aliceDials ? bobNoise : aliceNoise;
      var initiator = NoiseHandshake.initiator(dialer, PeerId.fromPublicKey(listener.identityKey()), random);
      var responder = NoiseHandshake.responder(listener, random);

      run(initiator, responder);

      NoiseSession out = initiator.session();
      NoiseSession in = responder.session();
      assertThat(out.isInitiator()).isTrue();
      assertThat(in.isInitiator()).isFalse();
      assertThat(out.remoteIdentity()).isEqualTo(listener.identityKey());
      assertThat(in.remoteIdentity()).isEqualTo(dialer.identityKey());
      assertThat(out.remotePeerId()).isEqualTo(PeerId.fromPublicKey(listener.identityKey()));
      assertThat(in.remotePeerId()).isEqualTo(PeerId.fromPublicKey(dialer.identityKey()));
      assertThat(out.remoteStreamMuxers()).containsExactly("/yamux/1.0.0");
      assertThat(in.remoteStreamMuxers()).containsExactly("/yamux/1.0.0");
      assertThat(out.negotiatedStreamMuxer()).contains("/yamux/1.0.0");
      assertThat(in.negotiatedStreamMuxer()).contains("/yamux/1.0.0");
      assertThat(out.handshakeHash()).isEqualTo(in.handshakeHash());

      byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
      assertThat(in.transport().decryptFrame(ByteBuffer.wrap(out.transport().encrypt(hello)))).isEqualTo(hello);
      assertThat(out.transport().decryptFrame(ByteBuffer.wrap(in.transport().encrypt(hello)))).isEqualTo(hello);
    }
  }

  @Test
  void handshakeMessagesArriveOneByteAtATime() {
    var initiator = NoiseHandshake.initiator(aliceNoise, random);
    var responder = NoiseHandshake.responder(bobNoise, random);
    byte[] toResponder = initiator.start();
    responder.start();
    while (!initiator.isComplete() || !responder.isComplete()) {
      byte[] toInitiator = feedBytewise(responder, toResponder);
      toResponder = feedBytewise(initiator, toInitiator);
    }
    assertThat(responder.session().remoteIdentity()).isEqualTo(alice.publicKey());
  }

  @Test
  void transportBytesBehindTheLastHandshakeMessageStayForTheSession() {
    var initiator = NoiseHandshake.initiator(aliceNoise, random);
    var responder = NoiseHandshake.responder(bobNoise, random);
    byte[] message2 = responder.onReceived(ByteBuffer.wrap(initiator.start()));
    byte[] message3 = initiator.onReceived(ByteBuffer.wrap(message2));
    byte[] early = initiator.session().transport().encrypt("early".getBytes(StandardCharsets.UTF_8));

    ByteBuffer chunk = ByteBuffer.wrap(concat(message3, early));
    assertThat(responder.onReceived(chunk)).isEmpty();

    assertThat(responder.isComplete()).isTrue();
    assertThat(chunk.remaining()).isEqualTo(early.length);
    assertThat(new String(responder.session().transport().decryptFrame(chunk), StandardCharsets.UTF_8))
        .isEqualTo("early");
  }

  @Test
  void dialerExpectingAnotherIdentityAbortsBeforeRevealingItsOwn() {
    Ed25519PrivateKey carol = Ed25519PrivateKey.generate(random);
    var initiator = NoiseHandshake.initiator(aliceNoise, PeerId.fromPublicKey(carol.publicKey()), random);
    var responder = NoiseHandshake.responder(bobNoise, random);
    byte[] message2 = responder.onReceived(ByteBuffer.wrap(initiator.start()));

    assertThatThrownBy(() -> initiator.onReceived(ByteBuffer.wrap(message2)))
        .isInstanceOfSatisfying(UnexpectedPeerException.class, e -> {
          assertThat(e.expected()).isEqualTo(PeerId.fromPublicKey(carol.publicKey()));
          assertThat(e.actual()).isEqualTo(PeerId.fromPublicKey(bob.publicKey()));
          assertThat(e).hasMessageContaining(PeerId.fromPublicKey(bob.publicKey()).toBase58());
        });
    assertThat(initiator.isComplete()).isFalse();
    assertThatThrownBy(() -> initiator.onReceived(ByteBuffer.wrap(message2)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void identitySignatureOverAnotherStaticKeyIsRejected() {
    // A responder that signs some other static key than the one it uses in the handshake.
    X25519PrivateKey usedStatic = X25519PrivateKey.generate(random);
    X25519PrivateKey signedStatic = X25519PrivateKey.generate(random);
    byte[] badPayload = new HandshakePayload(bob.publicKey(),
        bob.sign(HandshakePayload.signedData(signedStatic.publicKey())), List.of(), List.of()).encode();
    var forger = new HandshakeState(Role.RESPONDER, new byte[0], usedStatic, X25519PrivateKey.generate(random));
    var initiator = NoiseHandshake.initiator(aliceNoise, random);

    forger.readMessage(unframe(initiator.start()));
    byte[] message2 = NoiseFrames.frame(forger.writeMessage(badPayload));

    assertThatThrownBy(() -> initiator.onReceived(ByteBuffer.wrap(message2)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("did not sign its Noise static key");
  }

  @Test
  void tamperedSecondMessageIsRejected() {
    var initiator = NoiseHandshake.initiator(aliceNoise, random);
    var responder = NoiseHandshake.responder(bobNoise, random);
    byte[] message2 = responder.onReceived(ByteBuffer.wrap(initiator.start()));
    message2[message2.length - 1] ^= 1;

    assertThatThrownBy(() -> initiator.onReceived(ByteBuffer.wrap(message2)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("failed authentication");
  }

  @Test
  void tamperedThirdMessageIsRejected() {
    var initiator = NoiseHandshake.initiator(aliceNoise, random);
    var responder = NoiseHandshake.responder(bobNoise, random);
    byte[] message2 = responder.onReceived(ByteBuffer.wrap(initiator.start()));
    byte[] message3 = initiator.onReceived(ByteBuffer.wrap(message2));
    message3[10] ^= 0x40;

    assertThatThrownBy(() -> responder.onReceived(ByteBuffer.wrap(message3)))
        .isInstanceOf(ProtocolViolationException.class);
    assertThat(responder.isComplete()).isFalse();
  }

  @Test
  void truncatedSecondMessageIsRejected() {
    var initiator = NoiseHandshake.initiator(aliceNoise, random);
    initiator.start();
    byte[] ephemeralAndTooLittle = new byte[40];
    random.nextBytes(ephemeralAndTooLittle);
    byte[] shortMessage = NoiseFrames.frame(ephemeralAndTooLittle);

    assertThatThrownBy(() -> initiator.onReceived(ByteBuffer.wrap(shortMessage)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("too short");
  }

  @Test
  void peersWithoutACommonMuxerFailTheHandshake() {
    var mplexOnly = NoiseIdentity.of(bob, X25519PrivateKey.generate(random), List.of("/mplex/6.7.0"));
    var initiator = NoiseHandshake.initiator(aliceNoise, random);
    var responder = NoiseHandshake.responder(mplexOnly, random);
    byte[] message2 = responder.onReceived(ByteBuffer.wrap(initiator.start()));

    assertThatThrownBy(() -> initiator.onReceived(ByteBuffer.wrap(message2)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("no common stream muxer");
  }

  @Test
  void aPeerOfferingNoMuxersLeavesTheChoiceToMultistreamSelect() {
    var noMuxers = NoiseIdentity.of(bob, X25519PrivateKey.generate(random), List.of());
    var initiator = NoiseHandshake.initiator(aliceNoise, random);
    var responder = NoiseHandshake.responder(noMuxers, random);

    run(initiator, responder);

    assertThat(initiator.session().remoteStreamMuxers()).isEmpty();
    assertThat(initiator.session().negotiatedStreamMuxer()).isEmpty();
    assertThat(responder.session().remoteStreamMuxers()).containsExactly("/yamux/1.0.0");
    assertThat(responder.session().negotiatedStreamMuxer()).isEmpty();
  }

  @Test
  void theInitiatorsPreferenceDecidesTheMuxer() {
    assertThat(NoiseHandshake.selectMuxer(List.of("/yamux/1.0.0", "/mplex/6.7.0"),
        List.of("/mplex/6.7.0", "/yamux/1.0.0"))).contains("/yamux/1.0.0");
    assertThat(NoiseHandshake.selectMuxer(List.of("/mplex/6.7.0", "/yamux/1.0.0"),
        List.of("/yamux/1.0.0"))).contains("/yamux/1.0.0");
  }

  /** Passes whole chunks back and forth until both sides are done. */
  static void run(NoiseHandshake initiator, NoiseHandshake responder) {
    byte[] toResponder = initiator.start();
    responder.start();
    for (int round = 0; round < 3 && !(initiator.isComplete() && responder.isComplete()); round++) {
      byte[] toInitiator = responder.onReceived(ByteBuffer.wrap(toResponder));
      toResponder = initiator.onReceived(ByteBuffer.wrap(toInitiator));
    }
    assertThat(initiator.isComplete()).isTrue();
    assertThat(responder.isComplete()).isTrue();
  }

  private static byte[] feedBytewise(NoiseHandshake handshake, byte[] bytes) {
    var out = new java.io.ByteArrayOutputStream();
    for (byte b : bytes) {
      out.writeBytes(handshake.onReceived(ByteBuffer.wrap(new byte[] {b})));
    }
    return out.toByteArray();
  }

  private static byte[] unframe(byte[] frame) {
    return java.util.Arrays.copyOfRange(frame, Noise.LENGTH_PREFIX_LENGTH, frame.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return dev.samizdat.crypto.Bytes.concat(a, b);
  }
}
