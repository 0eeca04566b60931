package dev.samizdat.libp2p.multistream;

import static dev.samizdat.libp2p.multistream.MultistreamCodecTest.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.libp2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultistreamNegotiationTest {
  private static final String KAD = "/ipfs/kad/1.0.0";
  private static final String OLD_KAD = "/ipfs/kad/0.2.3";
  private static final String HEADER_HEX = "13" + hexOf("/multistream/1.0.0\n");

  private static byte[] msg(String text) {
    return MultistreamCodec.encode(text);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void specExampleSelectsKadInOneRoundTrip() {
    // multistream-select README, "Implementation Recommendations": header and protocol in one packet.
    MultistreamDialer dialer = new MultistreamDialer(List.of(KAD));
    MultistreamListener listener = new MultistreamListener(List.of(KAD), false);
    byte[] opening = dialer.start();
    assertThat(Bytes.hex(opening)).isEqualTo(HEADER_HEX + "10" + hexOf("/ipfs/kad/1.0.0\n"));

    var answer = (NegotiationStep.Agreed) listener.receive(opening);
    assertThat(answer.protocol()).isEqualTo(KAD);
    assertThat(answer.output()).isEqualTo(opening);
    assertThat(answer.remainder()).isEmpty();

    var agreed = (NegotiationStep.Agreed) dialer.receive(answer.output());
    assertThat(agreed.protocol()).isEqualTo(KAD);
    assertThat(agreed.output()).isEmpty();
    assertThat(agreed.remainder()).isEmpty();
  }

  @Test
  void specExampleFallsBackToAnOlderVersionAfterNa() {
    MultistreamDialer dialer = new MultistreamDialer(List.of(KAD, OLD_KAD));
    MultistreamListener listener = new MultistreamListener(List.of(OLD_KAD), false);

    NegotiationStep refused = listener.receive(dialer.start());
    assertThat(refused).isInstanceOf(NegotiationStep.Continue.class);
    assertThat(Bytes.hex(refused.output())).isEqualTo(HEADER_HEX + "036e610a");

    NegotiationStep retry = dialer.receive(refused.output());
    assertThat(retry).isInstanceOf(NegotiationStep.Continue.class);
    assertThat(Bytes.hex(retry.output())).isEqualTo("10" + hexOf("/ipfs/kad/0.2.3\n"));

    var echo = (NegotiationStep.Agreed) listener.receive(retry.output());
    assertThat(echo.protocol()).isEqualTo(OLD_KAD);
    assertThat(echo.output()).isEqualTo(retry.output());
    assertThat(((NegotiationStep.Agreed) dialer.receive(echo.output())).protocol()).isEqualTo(OLD_KAD);
  }

  @Test
  void severalRefusalsInARowThenSuccess() {
    List<String> mine = List.of("/a/3", "/a/2", "/a/1", "/a/0");
    MultistreamDialer dialer = new MultistreamDialer(mine);
    MultistreamListener listener = new MultistreamListener(List.of("/b/1", "/a/0"), false);
    NegotiationStep fromListener = listener.receive(dialer.start());
    for (int i = 1; i < mine.size(); i++) {
      NegotiationStep fromDialer = dialer.receive(fromListener.output());
      assertThat(fromDialer.output()).isEqualTo(msg(mine.get(i)));
      fromListener = listener.receive(fromDialer.output());
    }
    assertThat(fromListener).isInstanceOf(NegotiationStep.Agreed.class);
    assertThat(((NegotiationStep.Agreed) dialer.receive(fromListener.output())).protocol()).isEqualTo("/a/0");
  }

  @Test
  void dialerReportsNoCommonProtocolWhenEveryProposalIsRefused() {
    MultistreamDialer dialer = new MultistreamDialer(List.of("/x/1", "/y/1"));
    MultistreamListener listener = new MultistreamListener(List.of(KAD), true);
    NegotiationStep fromDialer = null;
    NegotiationStep fromListener = listener.receive(dialer.start());
    // The listener's refusals may arrive together; the dialer must handle both at once.
    fromDialer = dialer.receive(fromListener.output());
    fromListener = listener.receive(fromDialer.output());
    fromDialer = dialer.receive(fromListener.output());
    assertThat(fromDialer).isInstanceOf(NegotiationStep.NoCommonProtocol.class);
    assertThat(((NegotiationStep.NoCommonProtocol) fromDialer).reason())
        .contains("no common protocol").contains("/x/1, /y/1");
    assertThat(fromDialer.output()).isEmpty();
    assertThatThrownBy(() -> dialer.receive(new byte[1])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void listenerAnswersLsWithItsProtocolsWhenEnabled() {
    // multistream-select README, "Listing": the request and the answer each in one packet.
    byte[] request = Bytes.concat(msg(MultistreamCodec.PROTOCOL_ID), msg("ls"));
    MultistreamListener listener = new MultistreamListener(List.of(OLD_KAD, KAD), true);
    NegotiationStep listed = listener.receive(request);
    assertThat(listed.output()).isEqualTo(
        Bytes.concat(msg(MultistreamCodec.PROTOCOL_ID), MultistreamCodec.encodeList(List.of(OLD_KAD, KAD))));
    assertThat(listener.receive(msg(OLD_KAD))).isInstanceOf(NegotiationStep.Agreed.class);

    MultistreamListener quiet = new MultistreamListener(List.of(KAD), false);
    assertThat(Bytes.hex(quiet.receive(request).output())).isEqualTo(HEADER_HEX + "036e610a");
  }

  @Test
  void bytesAfterTheAgreementAreHandedBack() {
    MultistreamListener listener = new MultistreamListener(List.of(KAD), false);
    byte[] lazy = Bytes.concat(msg(MultistreamCodec.PROTOCOL_ID), msg(KAD), ascii("first request"));
    var agreed = (NegotiationStep.Agreed) listener.receive(lazy);
    assertThat(agreed.remainder()).isEqualTo(ascii("first request"));

    MultistreamDialer dialer = new MultistreamDialer(List.of(KAD));
    dialer.start();
    byte[] reply = Bytes.concat(msg(MultistreamCodec.PROTOCOL_ID), msg(KAD), ascii("hello"));
    assertThat(((NegotiationStep.Agreed) dialer.receive(reply)).remainder()).isEqualTo(ascii("hello"));
  }

  /** The listener's inbound stream cut at every pair of points gives the same result. */
  @Test
  void listenerHandlesEveryTwoSplitPoints() {
    byte[] stream = Bytes.concat(msg(MultistreamCodec.PROTOCOL_ID), msg("/nope"), msg("ls"), msg(KAD), ascii("PING"));
    byte[] expectedOutput = Bytes.concat(msg(MultistreamCodec.PROTOCOL_ID), msg("na"),
        MultistreamCodec.encodeList(List.of(KAD)), msg(KAD));
    for (int i = 0; i <= stream.length; i++) {
      for (int j = i; j <= stream.length; j++) {
        MultistreamListener listener = new MultistreamListener(List.of(KAD), true);
        Outcome outcome = feed(listener::receive, stream, i, j);
        assertThat(outcome.protocol).as("split %d/%d", i, j).isEqualTo(KAD);
        assertThat(outcome.output.toByteArray()).as("split %d/%d", i, j).isEqualTo(expectedOutput);
        assertThat(outcome.application.toByteArray()).as("split %d/%d", i, j).isEqualTo(ascii("PING"));
      }
    }
  }

  /** The dialer's inbound stream cut at every pair of points gives the same result. */
  @Test
  void dialerHandlesEveryTwoSplitPoints() {
    byte[] stream = Bytes.concat(msg(MultistreamCodec.PROTOCOL_ID), msg("na"), msg("na"), msg("/c/1"), ascii("PONG"));
    for (int i = 0; i <= stream.length; i++) {
      for (int j = i; j <= stream.length; j++) {
        MultistreamDialer dialer = new MultistreamDialer(List.of("/a/1", "/b/1", "/c/1"));
        dialer.start();
        Outcome outcome = feed(dialer::receive, stream, i, j);
        assertThat(outcome.protocol).as("split %d/%d", i, j).isEqualTo("/c/1");
        assertThat(outcome.output.toByteArray()).as("split %d/%d", i, j)
            .isEqualTo(Bytes.concat(msg("/b/1"), msg("/c/1")));
        assertThat(outcome.application.toByteArray()).as("split %d/%d", i, j).isEqualTo(ascii("PONG"));
      }
    }
  }

  /** Both roles back to back, every byte delivered in chunks of each size from 1 up. */
  @Test
  void rolesAgreeBackToBackWhateverTheChunkSize() {
    for (int chunk = 1; chunk <= 64; chunk++) {
      MultistreamDialer dialer = new MultistreamDialer(List.of("/new/2", "/mid/1", OLD_KAD));
      MultistreamListener listener = new MultistreamListener(List.of("/other", OLD_KAD), true);
      Pipe toListener = new Pipe(dialer.start());
      Pipe toDialer = new Pipe(new byte[0]);
      String dialerResult = null;
      String listenerResult = null;
      ByteArrayOutputStream listenerApp = new ByteArrayOutputStream();
      ByteArrayOutputStream dialerApp = new ByteArrayOutputStream();
      for (int round = 0; round < 10_000 && (dialerResult == null || listenerResult == null
          || toListener.hasData() || toDialer.hasData()); round++) {
        byte[] piece = toListener.take(chunk);
        if (listenerResult != null) {
          listenerApp.writeBytes(piece);
        } else if (piece.length > 0) {
          NegotiationStep step = listener.receive(piece);
          toDialer.put(step.output());
          if (step instanceof NegotiationStep.Agreed agreed) {
            listenerResult = agreed.protocol();
            listenerApp.writeBytes(agreed.remainder());
            toDialer.put(ascii("pong"));
          }
        }
        piece = toDialer.take(chunk);
        if (dialerResult != null) {
          dialerApp.writeBytes(piece);
        } else if (piece.length > 0) {
          NegotiationStep step = dialer.receive(piece);
          toListener.put(step.output());
          if (step instanceof NegotiationStep.Agreed agreed) {
            dialerResult = agreed.protocol();
            dialerApp.writeBytes(agreed.remainder());
            toListener.put(ascii("ping"));
          }
        }
      }
      assertThat(dialerResult).as("chunk %d", chunk).isEqualTo(OLD_KAD);
      assertThat(listenerResult).as("chunk %d", chunk).isEqualTo(OLD_KAD);
      assertThat(listenerApp.toByteArray()).as("chunk %d", chunk).isEqualTo(ascii("ping"));
      assertThat(dialerApp.toByteArray()).as("chunk %d", chunk).isEqualTo(ascii("pong"));
    }
  }

  @Test
  void listenerGivesUpAfterTooManyAttempts() {
    MultistreamListener listener = new MultistreamListener(List.of(KAD), true);
    listener.receive(msg(MultistreamCodec.PROTOCOL_ID));
    for (int i = 0; i < MultistreamListener.MAX_ATTEMPTS; i++) {
      NegotiationStep step = listener.receive(msg(i % 2 == 0 ? "/probe/" + i : "ls"));
      assertThat(step).isInstanceOf(NegotiationStep.Continue.class);
    }
    assertThatThrownBy(() -> listener.receive(msg("/one/more")))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("more than " + MultistreamListener.MAX_ATTEMPTS);
  }

  @Test
  void malformedOrUnexpectedInputIsAProtocolViolation() {
    assertThatThrownBy(() -> new MultistreamListener(List.of(KAD), false).receive(msg(KAD)))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("expected /multistream/1.0.0");
    assertThatThrownBy(() -> new MultistreamListener(List.of(KAD), false).receive(Bytes.fromHex("8108")))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("longer than 1024");

    MultistreamDialer wrongHeader = new MultistreamDialer(List.of(KAD));
    wrongHeader.start();
    assertThatThrownBy(() -> wrongHeader.receive(msg("/multistream/2.0.0")))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("got '/multistream/2.0.0'");

    MultistreamDialer wrongAnswer = new MultistreamDialer(List.of(KAD));
    wrongAnswer.start();
    assertThatThrownBy(() -> wrongAnswer.receive(Bytes.concat(msg(MultistreamCodec.PROTOCOL_ID), msg(OLD_KAD))))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("answered '/ipfs/kad/0.2.3'");

    MultistreamDialer missingNewline = new MultistreamDialer(List.of(KAD));
    missingNewline.start();
    assertThatThrownBy(() -> missingNewline.receive(Bytes.fromHex("13" + hexOf("/multistream/1.0.0/"))))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("newline");
  }

  @Test
  void misuseIsALocalError() {
    assertThatThrownBy(() -> new MultistreamDialer(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MultistreamDialer(List.of("/a\n"))).isInstanceOf(IllegalArgumentException.class);
    MultistreamDialer dialer = new MultistreamDialer(List.of(KAD));
    assertThatThrownBy(() -> dialer.receive(new byte[1])).isInstanceOf(IllegalStateException.class);
    dialer.start();
    assertThatThrownBy(dialer::start).isInstanceOf(IllegalStateException.class);
  }

  private record Outcome(String protocol, ByteArrayOutputStream output, ByteArrayOutputStream application) {}

  private interface Role {
    NegotiationStep receive(byte[] in, int offset, int length);
  }

  /** Feeds {@code stream} in three pieces cut at i and j; pieces after agreement go to the application. */
  private static Outcome feed(Role role, byte[] stream, int i, int j) {
    int[][] pieces = {{0, i}, {i, j}, {j, stream.length}};
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    ByteArrayOutputStream application = new ByteArrayOutputStream();
    String protocol = null;
    for (int[] p : pieces) {
      if (protocol != null) {
        application.write(stream, p[0], p[1] - p[0]);
        continue;
      }
      NegotiationStep step = role.receive(stream, p[0], p[1] - p[0]);
      output.writeBytes(step.output());
      if (step instanceof NegotiationStep.Agreed agreed) {
        protocol = agreed.protocol();
        application.writeBytes(agreed.remainder());
      }
    }
    return new Outcome(protocol, output, application);
  }

  /** One direction of an in-memory stream. */
  private static final class Pipe {
    private byte[] data;

    Pipe(byte[] initial) {
      data = initial;
    }

    void put(byte[] more) {
      data = Bytes.concat(data, more);
    }

    boolean hasData() {
      return data.length > 0;
    }

    byte[] take(int max) {
      int n = Math.min(max, data.length);
      byte[] piece = Arrays.copyOf(data, n);
      data = Arrays.copyOfRange(data, n, data.length);
      return piece;
    }
  }
}
