package dev.samizdat.dht.net;

import dev.samizdat.dht.DhtException;
import dev.samizdat.dht.InvalidMessageException;
import dev.samizdat.dht.KadNetwork;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.Scheduler;
import dev.samizdat.dht.message.KadCodec;
import dev.samizdat.dht.message.KadMessage;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.Stream;
import dev.samizdat.libp2p.host.StreamReader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link KadNetwork} over libp2p streams, one stream per request as js-libp2p does it: open a stream
 * with the kad protocol, write one length-prefixed message, close our write side, read one reply,
 * close. A one-way message (ADD_PROVIDER) is written and the stream closed. Each request has its own
 * timeout, after which the stream is reset. Futures complete on the DHT's executor.
 *
 * <p>Failures: {@link InvalidMessageException} when the reply breaks the protocol (too large, not a
 * kad message, another type than the request), {@link DhtException} for the rest (dial failure,
 * reset, timeout, no reply).
 */
final class HostKadNetwork implements KadNetwork {
  private final Host host;
  private final String protocolId;
  private final DhtExecutor executor;
  private final long timeoutMillis;
  private final boolean loopbackAllowed;

  HostKadNetwork(Host host, String protocolId, DhtExecutor executor, long timeoutMillis, boolean loopbackAllowed) {
    this.host = host;
    this.protocolId = protocolId;
    this.executor = executor;
    this.timeoutMillis = timeoutMillis;
    this.loopbackAllowed = loopbackAllowed;
  }

  @Override
  public CompletableFuture<KadMessage> send(PeerAddresses to, KadMessage request) {
    CompletableFuture<KadMessage> out = new CompletableFuture<>();
    byte[] frame = KadCodec.encode(request);
    Scheduler.Cancellable timer = executor.schedule(timeoutMillis, () -> fail(out,
        new DhtException("no " + request.type() + " reply from " + to.id() + " in " + timeoutMillis + " ms")));
    open(to).whenComplete((stream, e) -> {
      if (e != null) {
        fail(out, new DhtException("cannot open a kad stream to " + to.id() + ": " + cause(e).getMessage(), cause(e)));
        return;
      }
      if (out.isDone()) {
        stream.reset();
        return;
      }
      out.whenComplete((r, x) -> {
        if (x != null) {
          stream.reset();
        }
      });
      StreamReader reader = new StreamReader(stream);
      stream.write(frame);
      stream.closeWrite();
      reader.readDelimited(KadCodec.MAX_MESSAGE_SIZE).whenComplete((bytes, readError) -> {
        timer.cancel();
        if (readError != null) {
          Throwable c = cause(readError);
          fail(out, c instanceof ProtocolViolationException
              ? new InvalidMessageException(to.id() + " sent a bad kad reply: " + c.getMessage(), c)
              : new DhtException("kad stream to " + to.id() + " failed: " + c.getMessage(), c));
          return;
        }
        stream.close();
        if (bytes == null) {
          fail(out, new DhtException(to.id() + " closed the kad stream without answering " + request.type()));
          return;
        }
        try {
          KadMessage reply = KadCodec.decodeBody(ByteBuffer.wrap(bytes));
          if (reply.type() != request.type()) {
            throw new InvalidMessageException(to.id() + " answered " + request.type() + " with " + reply.type());
          }
          succeed(out, reply);
        } catch (InvalidMessageException bad) {
          fail(out, bad);
        }
      });
    });
    return out;
  }

  @Override
  public CompletableFuture<Void> sendOneWay(PeerAddresses to, KadMessage message) {
    CompletableFuture<Void> out = new CompletableFuture<>();
    byte[] frame = KadCodec.encode(message);
    Scheduler.Cancellable timer = executor.schedule(timeoutMillis, () -> fail(out,
        new DhtException("could not send " + message.type() + " to " + to.id() + " in " + timeoutMillis + " ms")));
    open(to).thenCompose(stream -> {
      stream.write(frame);
      return stream.closeWrite().whenComplete((v, e) -> {
        if (e == null) {
          stream.close();
        } else {
          stream.reset();
        }
      });
    }).whenComplete((v, e) -> {
      timer.cancel();
      if (e != null) {
        fail(out, new DhtException("cannot send " + message.type() + " to " + to.id() + ": "
            + cause(e).getMessage(), cause(e)));
      } else {
        succeed(out, null);
      }
    });
    return out;
  }

  /** Tells the Host where the peer is (addresses from routing tables and replies), then opens a stream. */
  private CompletableFuture<Stream> open(PeerAddresses to) {
    if (to.id().equals(host.peerId())) {
      return CompletableFuture.failedFuture(new DhtException("not sending a kad request to ourselves"));
    }
    List<Multiaddr> addrs = NetAddresses.dialable(to, loopbackAllowed);
    if (!addrs.isEmpty()) {
      host.peerStore().addAddresses(to.id(), addrs);
    }
    try {
      return host.newStream(to.id(), List.of(protocolId));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private <T> void succeed(CompletableFuture<T> out, T value) {
    if (!executor.tryExecute(() -> out.complete(value))) {
      out.complete(value);
    }
  }

  private <T> void fail(CompletableFuture<T> out, Throwable error) {
    if (!executor.tryExecute(() -> out.completeExceptionally(error))) {
      out.completeExceptionally(error);
    }
  }

  private static Throwable cause(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }
}
