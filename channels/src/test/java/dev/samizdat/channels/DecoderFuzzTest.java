package dev.samizdat.channels;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedHead;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.policy.BlockRule;
import dev.samizdat.channels.post.Delete;
import dev.samizdat.channels.post.Edit;
import dev.samizdat.channels.post.Post;
import dev.samizdat.channels.report.Report;
import dev.samizdat.channels.sync.FeedFrames;
import dev.samizdat.crypto.CryptoException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Every decoder of the module under Jazzer: whatever the bytes, it either refuses them with the crypto
 * module's {@link CryptoException} family (malformed or badly signed) or returns a value whose
 * encoding is exactly the input — one encoding per value. Under Surefire this runs over the seeds in
 * src/test/resources/dev/samizdat/channels/DecoderFuzzTestInputs/; JAZZER_FUZZ=1 fuzzes.
 */
class DecoderFuzzTest {
  private static <T> void roundTrips(byte[] data, Function<byte[], T> decode, Function<T, byte[]> encode) {
    T value;
    try {
      value = decode.apply(data);
    } catch (CryptoException refused) {
      return;
    }
    assertThat(encode.apply(value)).isEqualTo(data);
  }

  @FuzzTest
  void feedEntry(byte[] data) {
    roundTrips(data, FeedEntry::decode, FeedEntry::encoded);
  }

  @FuzzTest
  void manifest(byte[] data) {
    roundTrips(data, Manifest::decode, Manifest::encode);
  }

  @FuzzTest
  void blockRule(byte[] data) {
    roundTrips(data, BlockRule::decode, BlockRule::encode);
  }

  @FuzzTest
  void post(byte[] data) {
    roundTrips(data, Post::decode, Post::encode);
  }

  @FuzzTest
  void edit(byte[] data) {
    roundTrips(data, Edit::decode, Edit::encode);
  }

  @FuzzTest
  void delete(byte[] data) {
    roundTrips(data, Delete::decode, Delete::encode);
  }

  @FuzzTest
  void feedHead(byte[] data) {
    roundTrips(data, FeedHead::decode, FeedHead::encoded);
  }

  @FuzzTest
  void report(byte[] data) {
    roundTrips(data, Report::decode, Report::encode);
  }

  @FuzzTest
  void syncFrame(byte[] data) {
    FeedFrames.Decoded decoded;
    try {
      var maybe = FeedFrames.decode(data);
      if (maybe.isEmpty()) {
        return;
      }
      decoded = maybe.get();
    } catch (CryptoException refused) {
      return;
    }
    assertThat(FeedFrames.encode(decoded.message())).isEqualTo(Arrays.copyOf(data, decoded.frameLength()));
  }
}
