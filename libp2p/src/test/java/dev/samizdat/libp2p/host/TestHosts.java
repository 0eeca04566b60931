package dev.samizdat.libp2p.host;

import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.libp2p.Multiaddr;
import java.security.SecureRandom;
import java.util.ArrayList;
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

  @Override
  public void close() throws Exception {
    for (Host h : hosts) {
      h.close().get(10, TimeUnit.SECONDS);
    }
  }
}
