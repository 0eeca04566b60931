package dev.samizdat.bench.libp2p;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.yamux.YamuxConfig;
import dev.samizdat.libp2p.yamux.YamuxSession;
import dev.samizdat.libp2p.yamux.YamuxSessionListener;
import dev.samizdat.libp2p.yamux.YamuxStream;
import dev.samizdat.libp2p.yamux.YamuxStreamHandler;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One stream through two yamux sessions wired back to back in memory: each operation writes 64 KiB on the dialer's
 * stream and delivers frames both ways until both sides are quiet; the reader consumes at once, so window updates
 * flow back as they would from a fast application. Bytes/s = ops/s × 65536. No encryption or sockets involved: this
 * is the muxer's own cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class YamuxBenchmark {
  private static final int WRITE_SIZE = 64 * 1024;

  private final ArrayDeque<byte[]> toListener = new ArrayDeque<>();
  private final ArrayDeque<byte[]> toDialer = new ArrayDeque<>();
  private final byte[] chunk = new byte[WRITE_SIZE];
  private YamuxSession dialer;
  private YamuxSession listener;
  private YamuxStream stream;
  private long received;

  @Setup
  public void setUp() {
    var reader = new YamuxStreamHandler() {
      @Override
      public void onData(YamuxStream s, byte[] data) {
        received += data.length;
        s.consumed(data.length);
      }

      @Override
      public void onRemoteClose(YamuxStream s) {}

      @Override
      public void onReset(YamuxStream s) {
        throw new IllegalStateException("benchmark stream reset");
      }
    };
    dialer = new YamuxSession(YamuxSession.Role.DIALER, YamuxConfig.DEFAULT, toListener::add,
        listenerAccepting(null), Clock.systemUTC());
    listener = new YamuxSession(YamuxSession.Role.LISTENER, YamuxConfig.DEFAULT, toDialer::add,
        listenerAccepting(reader), Clock.systemUTC());
    stream = dialer.open(reader);
    new java.util.Random(1).nextBytes(chunk);
  }

  @Benchmark
  public long write64KiB() {
    stream.write(chunk);
    while (!toListener.isEmpty() || !toDialer.isEmpty()) {
      while (!toListener.isEmpty()) {
        listener.receive(ByteBuffer.wrap(toListener.poll()));
      }
      while (!toDialer.isEmpty()) {
        dialer.receive(ByteBuffer.wrap(toDialer.poll()));
      }
    }
    return received;
  }

  private static YamuxSessionListener listenerAccepting(YamuxStreamHandler handler) {
    return new YamuxSessionListener() {
      @Override
      public YamuxStreamHandler onInboundStream(YamuxStream s) {
        return handler;
      }

      @Override
      public void onClosed(Libp2pException cause) {}
    };
  }
}
