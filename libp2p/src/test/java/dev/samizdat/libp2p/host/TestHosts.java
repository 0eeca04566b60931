package dev.samizdat.libp2p.host;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.Multiaddr;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts hosts on loopback for tests and closes them all afterwards. */
public final class TestHosts implements AutoCloseable {
  public static final String ECHO = "/samizdat/echo/1.0.0";

  private final SecureRandom random = new SecureRandom();
  private final List<Host> hosts = new ArrayList<>();

  public Host start(HostConfig config) throws Exception {
    Host host = Host.create(Ed25519PrivateKey.generate(random), config, random);
    hosts.add(host);
    host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).get(10, TimeUnit.SECONDS);
    return host;
  }

  /** A host that listens nowhere yet: the test chooses where. */
  public Host startUnbound(HostConfig config) {
    Host host = Host.create(Ed25519PrivateKey.generate(random), config, random);
    hosts.add(host);
    return host;
  }

  public Host start() throws Exception {
    return start(HostConfig.defaults());
  }

  /** Serves the echo protocol: writes back what it reads, respecting backpressure, and ends when the remote does. */
  public static void echo(Stream stream) {
    stream.handler(data -> {
      stream.write(data);
      if (stream.writeQueueFull()) {
        stream.pause();
        stream.drainHandler(stream::resume);
      }
    });
    stream.endHandler(stream::closeWrite);
  }

  /** Writes {@code payload} respecting backpressure, closes, and checks that the echo is identical. */
  public static CompletableFuture<Void> echoRoundTrip(Stream stream, byte[] payload) {
    StreamReader reader = new StreamReader(stream);
    CompletableFuture<byte[]> echoed = reader.readToEnd(payload.length);
    writeAll(stream, payload, 0).thenCompose(v -> stream.closeWrite());
    return echoed.thenAccept(back -> {
      if (!Arrays.equals(back, payload)) {
        throw new AssertionError("echo differs from what was sent (" + back.length + " bytes back)");
      }
    });
  }

  public static CompletableFuture<Void> writeAll(Stream stream, byte[] payload, int offset) {
    int chunk = 32 * 1024;
    CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    int off = offset;
    while (off < payload.length && !stream.writeQueueFull()) {
      int n = Math.min(chunk, payload.length - off);
      last = stream.write(Arrays.copyOfRange(payload, off, off + n));
      off += n;
    }
    if (off == payload.length) {
      return last;
    }
    CompletableFuture<Void> rest = new CompletableFuture<>();
    int next = off;
    stream.drainHandler(() -> writeAll(stream, payload, next).whenComplete((v, e) -> {
      if (e != null) {
        rest.completeExceptionally(e);
      } else {
        rest.complete(null);
      }
    }));
    return rest;
  }

  @Override
  public void close() throws Exception {
    for (Host h : hosts) {
      h.close().get(10, TimeUnit.SECONDS);
    }
  }
}
