package dev.samizdat.node.dht;

import dev.samizdat.dht.KadNetwork;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.message.KadCodec;
import dev.samizdat.dht.message.KadMessage;
import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.libp2p.host.Stream;
import dev.samizdat.libp2p.host.StreamReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * kad-dht over the libp2p {@link Host}: one stream per request (as js and go open them), the request
 * and the response each one {@link KadCodec} frame. The addresses a lookup learned are handed to the
 * Host's peer store before dialling. Futures complete on {@code executor}, never on an event loop, so
 * the DHT's continuations (routing table writes) may touch the database. Thread-safe.
 */
public final class HostKadNetwork implements KadNetwork {
  private final Host host;
  private final String protocolId;
  private final Executor executor;

  public HostKadNetwork(Host host, String protocolId, Executor executor) {
    this.host = host;
    this.protocolId = protocolId;
    this.executor = executor;
  }

  @Override
  public CompletableFuture<KadMessage> send(PeerAddresses to, KadMessage request) {
    return open(to).thenCompose(stream -> {
      StreamReader reader = new StreamReader(stream);
      stream.write(KadCodec.encode(request));
      return reader.readDelimited(KadCodec.MAX_MESSAGE_SIZE).thenApply(body -> {
        stream.close();
        if (body == null) {
          throw new Libp2pException(to.id() + " closed the kad stream without answering");
        }
        return KadCodec.decodeBody(ByteBuffer.wrap(body));
      }).whenComplete((r, e) -> {
        if (e != null) {
          stream.reset();
        }
      });
    }).thenApplyAsync(r -> r, executor);
  }

  @Override
  public CompletableFuture<Void> sendOneWay(PeerAddresses to, KadMessage message) {
    return open(to).thenCompose(stream -> stream.write(KadCodec.encode(message))
        .thenCompose(v -> stream.closeWrite())
        .whenComplete((v, e) -> stream.close()))
        .thenApplyAsync(v -> v, executor);
  }

  private CompletableFuture<Stream> open(PeerAddresses to) {
    if (to.id().equals(host.peerId())) {
      return CompletableFuture.failedFuture(new Libp2pException("a kad request to ourselves"));
    }
    List<Multiaddr> addresses = new ArrayList<>();
    for (byte[] a : to.multiaddrs()) {
      try {
        Multiaddr parsed = Multiaddr.fromBytes(a);
        if (parsed.isPlainTcp()) {
          addresses.add(parsed.withoutP2p());
        }
      } catch (RuntimeException e) {
        // An address we cannot parse or dial is skipped; the others may work.
      }
    }
    if (!addresses.isEmpty()) {
      host.peerStore().addAddresses(to.id(), addresses);
    }
    return host.newStream(to.id(), List.of(protocolId));
  }
}
