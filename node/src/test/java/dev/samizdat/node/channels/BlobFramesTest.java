package dev.samizdat.node.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.channels.post.Blob;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.crypto.MalformedInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlobFramesTest {
  private final byte[] content = "a photo, say".getBytes(StandardCharsets.UTF_8);
  private final BlobId id = BlobId.of(content);

  @Test
  void aRequestRoundTripsAndIsIncompleteUntilWhole() {
    byte[] request = BlobFrames.encodeRequest(id);
    assertThat(request).hasSize(BlobFrames.REQUEST_LENGTH);
    assertThat(BlobFrames.decodeRequest(request, request.length - 1)).isEmpty();
    assertThat(BlobFrames.decodeRequest(request, request.length)).contains(id);
  }

  @Test
  void aFoundAnswerDecodesOnceWholeWhereverTheStreamSplitsIt() {
    byte[] answer = BlobFrames.encodeFound(content);
    for (int split = 0; split < answer.length; split++) {
      BlobFrames.AnswerDecoder decoder = new BlobFrames.AnswerDecoder(content.length);
      byte[] first = Arrays.copyOfRange(answer, 0, split);
      byte[] rest = Arrays.copyOfRange(answer, split, answer.length);
      assertThat(decoder.feed(first)).as("split at %d", split).isEmpty();
      BlobFrames.Answer decoded = decoder.feed(rest).orElseThrow();
      assertThat(decoded.status()).isEqualTo(BlobFrames.Status.FOUND);
      assertThat(decoded.content()).isEqualTo(content);
      assertThat(decoder.feed(new byte[0])).isEmpty(); // answered once
    }
  }

  @Test
  void aFoundAnswerDecodesWhenItArrivesAByteAtATime() {
    byte[] answer = BlobFrames.encodeFound(content);
    BlobFrames.AnswerDecoder decoder = new BlobFrames.AnswerDecoder(content.length);
    for (int i = 0; i < answer.length - 1; i++) {
      assertThat(decoder.feed(new byte[] {answer[i]})).isEmpty();
    }
    assertThat(decoder.feed(new byte[] {answer[answer.length - 1]}).orElseThrow().content()).isEqualTo(content);
  }

  @Test
  void anEmptyBlobIsWholeWithItsHeader() {
    byte[] answer = BlobFrames.encodeFound(new byte[0]);
    assertThat(new BlobFrames.AnswerDecoder(0).feed(answer).orElseThrow().content()).isEmpty();
  }

  @Test
  void refusalsCarryNoContent() {
    byte[] answer = BlobFrames.encodeRefusal(BlobFrames.Status.NOT_SERVED);
    assertThat(new BlobFrames.AnswerDecoder(content.length).feed(answer).orElseThrow())
        .satisfies(a -> assertThat(a.status()).isEqualTo(BlobFrames.Status.NOT_SERVED))
        .satisfies(a -> assertThat(a.content()).isEmpty());
  }

  @Test
  void anAnswerLargerThanTheLimitIsRefusedFromItsHeader() {
    byte[] header = ByteBuffer.allocate(BlobFrames.ANSWER_HEADER_LENGTH).put((byte) 0).putInt(Blob.MAX_SIZE + 1).array();
    assertThatThrownBy(() -> new BlobFrames.AnswerDecoder(Long.MAX_VALUE).feed(header))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("limit");
  }

  @Test
  void anAnswerLargerThanTheBlobAskedForIsRefusedFromItsHeader() {
    byte[] header = Arrays.copyOf(BlobFrames.encodeFound(content), BlobFrames.ANSWER_HEADER_LENGTH);
    assertThatThrownBy(() -> new BlobFrames.AnswerDecoder(content.length - 1).feed(header))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("announces " + content.length + " bytes for a blob of " + (content.length - 1));
  }

  @Test
  void trailingBytesUnknownStatusesAndVersionsAreRefused() {
    byte[] answer = Arrays.copyOf(BlobFrames.encodeFound(content), BlobFrames.ANSWER_HEADER_LENGTH + content.length + 1);
    assertThatThrownBy(() -> new BlobFrames.AnswerDecoder(content.length).feed(answer))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("after its end");
    BlobFrames.AnswerDecoder answered = new BlobFrames.AnswerDecoder(content.length);
    answered.feed(BlobFrames.encodeFound(content));
    assertThatThrownBy(() -> answered.feed(new byte[] {0})).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> new BlobFrames.AnswerDecoder(content.length).feed(new byte[] {7}))
        .isInstanceOf(MalformedInputException.class);
    byte[] request = BlobFrames.encodeRequest(id);
    request[0] = 2;
    assertThatThrownBy(() -> BlobFrames.decodeRequest(request, request.length))
        .isInstanceOf(MalformedInputException.class);
  }

  @FuzzTest
  void answersDecodeOrFailCleanly(FuzzedDataProvider data) {
    byte[] in = data.consumeRemainingAsBytes();
    try {
      // The fuzzer's own length as the size asked for: an announced size is refused before it is allocated.
      new BlobFrames.AnswerDecoder(in.length).feed(in).ifPresent(answer -> {
        if (answer.status() == BlobFrames.Status.FOUND) {
          assertThat(BlobFrames.encodeFound(answer.content())).isEqualTo(in);
        } else {
          assertThat(answer.content()).isEmpty();
        }
      });
      BlobFrames.decodeRequest(in, in.length).ifPresent(blob -> assertThat(BlobFrames.encodeRequest(blob)).isEqualTo(in));
    } catch (MalformedInputException expected) {
      // refused, as a remote's malformed bytes must be
    }
  }
}
