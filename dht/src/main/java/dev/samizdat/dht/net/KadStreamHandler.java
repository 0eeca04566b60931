package dev.samizdat.dht.net;

import dev.samizdat.dht.InvalidMessageException;
import dev.samizdat.dht.KadDht;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.Scheduler;
import dev.samizdat.dht.message.KadCodec;
import dev.samizdat.dht.message.KadMessage;
import dev.samizdat.dht.message.MessageType;
import dev.samizdat.dht.server.HandlerOutcome;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.ProtocolViolationException;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.Stream;
import dev.samizdat.libp2p.host.StreamHandler;
import dev.samizdat.libp2p.host.StreamReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the kad protocol on inbound streams: reads length-prefixed requests (js sends one per
 * stream, go may send several in turn), hands each to {@link KadDht#handleRequest} on the DHT thread
 * with the PeerId the secure channel authenticated, and writes the reply. The stream ends when the
 * remote closes its side or stays silent for the idle timeout.
 *
 * <p>A request that is too large or does not decode resets the stream and drops the sender from the
 * routing table ({@link KadDht#reportInvalid}); a request the handler refuses does the same (it
 * drops the peer itself); a declined one (a local limit) only resets the stream.
 */
final class KadStreamHandler implements StreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(KadStreamHandler.class);

  private final Host host;
  private final KadDht dht;
  private final boolean loopbackAllowed;
  private final DhtExecutor executor;
  private final int maxRequestSize;
  private final long idleTimeoutMillis;
  private final Consumer<PeerId> onRequest;

  /**
   * @param onRequest told of every well-formed request, on the DHT thread (to learn about peers that
   *     were not identified as DHT servers yet)
   */
  KadStreamHandler(Host host, KadDht dht, DhtExecutor executor, int maxRequestSize, long idleTimeoutMillis,
      boolean loopbackAllowed, Consumer<PeerId> onRequest) {
    this.host = host;
    this.loopbackAllowed = loopbackAllowed;
    this.dht = dht;
    this.executor = executor;
    this.maxRequestSize = maxRequestSize;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.onRequest = onRequest;
  }

  @Override
  public void handle(Stream stream) {
    readNext(new StreamReader(stream), stream.remotePeer());
  }

  private void readNext(StreamReader reader, PeerId from) {
    Stream stream = reader.stream();
    Scheduler.Cancellable idle = executor.schedule(idleTimeoutMillis, stream::reset);
    reader.readDelimited(maxRequestSize).whenComplete((bytes, e) -> {
      idle.cancel();
      if (e != null) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (c instanceof ProtocolViolationException) {
          misbehaved(stream, from, c.getMessage());
        }
        return;
      }
      if (bytes == null) {
        stream.close();
        return;
      }
      if (!executor.tryExecute(() -> serve(reader, from, bytes))) {
        stream.reset();
      }
    });
  }

  private void serve(StreamReader reader, PeerId from, byte[] bytes) {
    Stream stream = reader.stream();
    KadMessage request;
    try {
      request = KadCodec.decodeBody(ByteBuffer.wrap(bytes));
    } catch (InvalidMessageException e) {
      misbehaved(stream, from, e.getMessage());
      return;
    }
    onRequest.accept(from);
    request = withProviderAddresses(request, from, stream);
    HandlerOutcome outcome = dht.handleRequest(from, request);
    if (outcome instanceof HandlerOutcome.Reply reply) {
      stream.write(KadCodec.encode(reply.response())).whenComplete((v, e) -> {
        if (e == null) {
          readNext(reader, from);
        }
      });
    } else if (outcome instanceof HandlerOutcome.NoReply) {
      readNext(reader, from);
    } else if (outcome instanceof HandlerOutcome.Declined declined) {
      LOG.debug("declined {} from {}: {}", request.type(), from, declined.reason());
      stream.reset();
    } else if (outcome instanceof HandlerOutcome.Refused refused) {
      LOG.debug("refused {} from {}: {}", request.type(), from, refused.reason());
      stream.reset();
    }
  }

  /**
   * An ADD_PROVIDER whose sender announces itself without addresses (js sends its own, but a node
   * behind a NAT may know none) gets the addresses identify told us, so that we can pass them on.
   */
  private KadMessage withProviderAddresses(KadMessage request, PeerId from, Stream stream) {
    if (request.type() != MessageType.ADD_PROVIDER) {
      return request;
    }
    List<PeerAddresses> providers = new ArrayList<>();
    boolean changed = false;
    for (PeerAddresses p : request.providerPeers()) {
      if (p.id().equals(from) && p.multiaddrs().isEmpty()) {
        List<byte[]> known = NetAddresses.forTable(host.peerStore().addresses(from), stream.connection(),
            loopbackAllowed);
        providers.add(new PeerAddresses(from, known));
        changed = true;
      } else {
        providers.add(p);
      }
    }
    return changed ? request.withProviderPeers(providers) : request;
  }

  private void misbehaved(Stream stream, PeerId from, String why) {
    LOG.debug("bad kad request from {}: {}", from, why);
    stream.reset();
    executor.tryExecute(() -> dht.reportInvalid(from));
  }
}
