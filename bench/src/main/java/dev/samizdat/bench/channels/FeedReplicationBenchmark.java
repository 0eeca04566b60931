package dev.samizdat.bench.channels;

import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.InMemoryFeedStore;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.channels.post.Post;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.crypto.SignatureDomain;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How fast a subscriber takes in a feed: entries decoded, signature-checked and accepted through
 * {@link FeedLog#accept} into an {@link InMemoryFeedStore}, for a 100,000-entry feed, beside the raw
 * Ed25519 verification of the same signed bytes in the same run. Target: ≥ 50% of the raw rate.
 * Both scores are operations (entries, signatures) per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class FeedReplicationBenchmark {
  private static final long NOW = 1_700_000_000_000L;
  /** Fixed, since it is also the operation count of one invocation. */
  private static final int ENTRIES = 100_000;

  private byte[][] encoded;
  private byte[][] signedMessages;
  private byte[][] signatures;
  private Ed25519PublicKey signer;
  private int next;

  @Setup(Level.Trial)
  public void writeFeed() {
    Ed25519PrivateKey feedKey = Ed25519PrivateKey.fromSeed(new byte[32]);
    FeedId feed = new FeedId(feedKey.publicKey());
    InMemoryFeedStore store = new InMemoryFeedStore();
    FeedLog log = new FeedLog(store);
    log.create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "bench", "", List.of(), List.of()), NOW);
    for (int i = 1; i < ENTRIES; i++) {
      log.append(feed, ContentType.POST, Post.text("post number " + i + " of a busy channel").encode(), feedKey,
          NOW + i);
    }
    encoded = new byte[ENTRIES][];
    signedMessages = new byte[ENTRIES][];
    signatures = new byte[ENTRIES][];
    SignatureDomain domain = SignatureDomain.of(FeedEntry.DOMAIN_LABEL);
    List<FeedEntry> all = store.entries(feed, 0, ENTRIES);
    for (int i = 0; i < ENTRIES; i++) {
      byte[] bytes = all.get(i).encoded();
      encoded[i] = bytes;
      int signedLength = bytes.length - Ed25519PublicKey.SIGNATURE_LENGTH;
      signedMessages[i] = domain.frame(Arrays.copyOf(bytes, signedLength));
      signatures[i] = Arrays.copyOfRange(bytes, signedLength, bytes.length);
    }
    signer = feedKey.publicKey();
  }

  /** One invocation replicates the whole feed into an empty store. */
  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public InMemoryFeedStore decodeVerifyAccept() {
    InMemoryFeedStore store = new InMemoryFeedStore();
    FeedLog log = new FeedLog(store);
    for (byte[] bytes : encoded) {
      log.accept(FeedEntry.decode(bytes), NOW + ENTRIES);
    }
    return store;
  }

  @Benchmark
  public boolean rawEd25519Verify() {
    int i = next++ % ENTRIES;
    return signer.verify(signedMessages[i], signatures[i]);
  }
}
