package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.sync.FeedFrames;
import dev.samizdat.channels.sync.FeedMessage;
import dev.samizdat.channels.sync.FeedReplicator;
import dev.samizdat.channels.sync.SyncAction;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Stream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /samizdat/feed/1.0.0} stream: replicates one feed with one peer by feeding a {@link
 * FeedReplicator}. Frames are cut on the stream's event loop (a pure codec); everything that touches
 * the replicator or the store runs on the sync's worker, in arrival order. The stream stays paused
 * while its frames wait for the worker, so a fast peer cannot make the node buffer without bound.
 * An inbound stream learns its feed from the first frame.
 */
final class FeedSession {
  private static final Logger LOG = LoggerFactory.getLogger(FeedSession.class);
  /** Invalid entries or messages tolerated before the stream is reset: a few may be a bug, many are an attack. */
  static final int MAX_MISBEHAVIOUR = 8;

  private final FeedSync sync;
  private final Stream stream;
  private final PeerId peer;
  private final boolean outbound;
  private FeedId feed;
  private FeedReplicator replicator;
  private byte[] buffer = new byte[0];
  private int misbehaviour;
  private volatile boolean closed;

  FeedSession(FeedSync sync, Stream stream, FeedId feed) {
    this.sync = sync;
    this.stream = stream;
    this.peer = stream.remotePeer();
    this.feed = feed;
    this.outbound = feed != null;
    stream.handler(this::onData);
    stream.endHandler(this::close);
    stream.resetHandler(cause -> close());
    stream.closed().whenComplete((ok, failure) -> close());
  }

  PeerId peer() {
    return peer;
  }

  FeedId feed() {
    return feed;
  }

  boolean outbound() {
    return outbound;
  }

  /** Null until the feed is known (inbound) and the session started. Worker only. */
  FeedReplicator replicator() {
    return replicator;
  }

  /** Starts an outbound session: announce our head or ask from the start. Worker only. */
  void start() {
    replicator = sync.newReplicator(feed);
    perform(replicator.start());
    sync.passOnForks(this);
  }

  private void onData(byte[] data) {
    if (closed) {
      return;
    }
    byte[] joined = Arrays.copyOf(buffer, buffer.length + data.length);
    System.arraycopy(data, 0, joined, buffer.length, data.length);
    List<FeedMessage> messages = new ArrayList<>();
    int offset = 0;
    try {
      while (true) {
        var decoded = FeedFrames.decode(joined, offset, joined.length - offset);
        if (decoded.isEmpty()) {
          break;
        }
        messages.add(decoded.get().message());
        offset += decoded.get().frameLength();
      }
    } catch (MalformedInputException e) {
      LOG.info("feed stream from {} broke the protocol: {}", peer, e.getMessage());
      stream.reset();
      close();
      return;
    }
    buffer = Arrays.copyOfRange(joined, offset, joined.length);
    if (!messages.isEmpty()) {
      stream.pause();
      sync.worker().execute(() -> {
        try {
          messages.forEach(this::handle);
        } catch (RuntimeException e) {
          LOG.warn("feed session with {} failed", peer, e);
          stream.reset();
          close();
        } finally {
          stream.resume();
        }
      });
    }
  }

  private void handle(FeedMessage message) {
    if (closed) {
      return;
    }
    if (replicator == null) {
      feed = feedOf(message);
      if (feed == null || !sync.serves(feed)) {
        write(new FeedMessage.Error(FeedMessage.Code.NOT_SERVED, "feed not served"));
        stream.closeWrite();
        return;
      }
      replicator = sync.newReplicator(feed);
      sync.register(this);
      perform(replicator.start());
      sync.passOnForks(this);
    }
    List<SyncAction> actions = replicator.onMessage(message, sync.nowMillis());
    sync.makeDurable(); // one sync per received batch, before any of it is served or announced
    perform(actions);
    if (message instanceof FeedMessage.Error error) {
      LOG.debug("{} answered {}: {}", peer, error.code(), error.reason());
      stream.close();
      close();
    }
  }

  private static FeedId feedOf(FeedMessage message) {
    if (message instanceof FeedMessage.Head m) {
      return m.feed();
    }
    if (message instanceof FeedMessage.Request m) {
      return m.feed();
    }
    if (message instanceof FeedMessage.Entries m) {
      return m.feed();
    }
    if (message instanceof FeedMessage.Push m) {
      return m.feed();
    }
    if (message instanceof FeedMessage.ForkNotice m && m.first().length > 33) {
      // An entry names its feed in bytes 1..33; the replicator verifies the entry itself.
      return FeedId.fromBytes(Arrays.copyOfRange(m.first(), 1, 33));
    }
    return null;
  }

  /** Carries out the replicator's actions. Worker only. */
  void perform(List<SyncAction> actions) {
    for (SyncAction action : actions) {
      if (action instanceof SyncAction.Send send) {
        if (send.message() instanceof FeedMessage.Push && stream.writeQueueFull()) {
          continue; // a slow subscriber catches up by asking; pushes are only a shortcut
        }
        write(send.message());
      } else if (action instanceof SyncAction.Appended appended) {
        sync.appended(feed, appended.entries(), this);
      } else if (action instanceof SyncAction.ForkFound fork) {
        sync.forkFound(fork.proof(), fork.notice());
      } else if (action instanceof SyncAction.Misbehaving bad) {
        misbehaviour++;
        LOG.info("peer {} on feed {}: {}", peer, ChannelText.id(feed), bad.reason());
        sync.misbehaved(peer, bad.reason());
        if (misbehaviour > MAX_MISBEHAVIOUR) {
          stream.reset();
          close();
          return;
        }
      }
    }
  }

  void write(FeedMessage message) {
    if (!closed) {
      stream.write(FeedFrames.encode(message));
    }
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    stream.close();
    sync.unregister(this);
  }

  boolean isClosed() {
    return closed;
  }
}
