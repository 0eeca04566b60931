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
  void aFoundAnswerRoundTripsAndIsIncompleteUntilWhole() {
    byte[] answer = BlobFrames.encodeFound(content);
    assertThat(BlobFrames.announcedSize(answer, BlobFrames.ANSWER_HEADER_LENGTH)).contains(content.length);
    assertThat(BlobFrames.decodeAnswer(answer, answer.length - 1)).isEmpty();
    BlobFrames.Answer decoded = BlobFrames.decodeAnswer(answer, answer.length).orElseThrow();
    assertThat(decoded.status()).isEqualTo(BlobFrames.Status.FOUND);
    assertThat(decoded.content()).isEqualTo(content);
  }

  @Test
  void refusalsCarryNoContent() {
    byte[] answer = BlobFrames.encodeRefusal(BlobFrames.Status.NOT_SERVED);
    assertThat(BlobFrames.decodeAnswer(answer, answer.length).orElseThrow())
        .satisfies(a -> assertThat(a.status()).isEqualTo(BlobFrames.Status.NOT_SERVED))
        .satisfies(a -> assertThat(a.content()).isEmpty());
  }

  @Test
  void anAnswerLargerThanTheLimitIsRefusedFromItsHeader() {
    byte[] header = ByteBuffer.allocate(BlobFrames.ANSWER_HEADER_LENGTH).put((byte) 0).putInt(Blob.MAX_SIZE + 1).array();
    assertThatThrownBy(() -> BlobFrames.announcedSize(header, header.length))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("limit");
  }

  @Test
  void trailingBytesUnknownStatusesAndVersionsAreRefused() {
    byte[] answer = Arrays.copyOf(BlobFrames.encodeFound(content), BlobFrames.ANSWER_HEADER_LENGTH + content.length + 1);
    assertThatThrownBy(() -> BlobFrames.decodeAnswer(answer, answer.length)).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> BlobFrames.decodeAnswer(new byte[] {7}, 1)).isInstanceOf(MalformedInputException.class);
    byte[] request = BlobFrames.encodeRequest(id);
    request[0] = 2;
    assertThatThrownBy(() -> BlobFrames.decodeRequest(request, request.length))
        .isInstanceOf(MalformedInputException.class);
  }

  @FuzzTest
  void answersDecodeOrFailCleanly(FuzzedDataProvider data) {
    byte[] in = data.consumeRemainingAsBytes();
    try {
      BlobFrames.decodeAnswer(in, in.length).ifPresent(answer -> {
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
