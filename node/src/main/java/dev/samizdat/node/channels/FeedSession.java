package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.sync.FeedFrames;
import dev.samizdat.channels.sync.FeedMessage;
import dev.samizdat.channels.sync.FeedReplicator;
import dev.samizdat.channels.sync.SyncAction;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Stream;
import dev.samizdat.libp2p.host.StreamReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /samizdat/feed/1.0.0} stream: replicates one feed with one peer by feeding a {@link
 * FeedReplicator}. Frames are read one at a time and handled on the sync's worker, in arrival order;
 * the next is read only once the answers to the last have left, or once they drain. So a peer that
 * sends requests and never reads the answers is not read any more: the stream stays paused and its
 * window closes, instead of this node buffering answers without bound. An inbound stream learns its
 * feed from the first frame.
 */
final class FeedSession {
  private static final Logger LOG = LoggerFactory.getLogger(FeedSession.class);
  /** Invalid entries or messages tolerated before the stream is reset: a few may be a bug, many are an attack. */
  static final int MAX_MISBEHAVIOUR = 8;

  private final FeedSync sync;
  private final Stream stream;
  private final StreamReader reader;
  private final PeerId peer;
  private final boolean outbound;
  private volatile FeedId feed;
  private FeedReplicator replicator;
  private long requestSentAtMillis;
  private int misbehaviour;
  private volatile boolean closed;

  FeedSession(FeedSync sync, Stream stream, FeedId feed) {
    this.sync = sync;
    this.stream = stream;
    this.peer = stream.remotePeer();
    this.feed = feed;
    this.outbound = feed != null;
    this.reader = new StreamReader(stream);
    stream.closed().whenComplete((ok, failure) -> close());
    if (!outbound) {
      readNext();
    }
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

  /** Starts an outbound session: announce our head or ask from the start, then read the answers. Worker only. */
  void start() {
    replicator = sync.newReplicator(feed);
    perform(replicator.start());
    sync.passOnForks(this);
    readNext();
  }

  private void readNext() {
    if (closed) {
      return;
    }
    reader.readDelimited(FeedFrames.MAX_FRAME_SIZE).whenComplete((frame, failure) -> {
      if (failure != null || frame == null) {
        if (failure != null && !closed) {
          LOG.info("feed stream from {} ended: {}", peer, failure.getMessage());
        }
        close();
        return;
      }
      FeedMessage message;
      try {
        message = FeedFrames.decodeFrame(frame);
      } catch (MalformedInputException e) {
        LOG.info("feed stream from {} broke the protocol: {}", peer, e.getMessage());
        stream.reset();
        close();
        return;
      }
      sync.worker().execute(() -> {
        try {
          handle(message);
        } catch (RuntimeException e) {
          LOG.warn("feed session with {} failed", peer, e);
          stream.reset();
          close();
          return;
        }
        if (stream.writeQueueFull()) {
          stream.drainHandler(this::readNext);
        } else {
          readNext();
        }
      });
    });
  }

  private void handle(FeedMessage message) {
    if (closed) {
      return;
    }
    if (replicator == null) {
      feed = feedOf(message);
      if (feed == null || !sync.serves(feed) || sync.avoids(peer)) {
        write(new FeedMessage.Error(FeedMessage.Code.NOT_SERVED, "feed not served"));
        close();
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
      close();
    }
  }

  /** The feed a first message names, or null if it names none this node could hold. */
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
      try {
        return FeedId.fromBytes(Arrays.copyOfRange(m.first(), 1, 33));
      } catch (CryptoException notAKey) {
        return null;
      }
    }
    return null;
  }

  /** Carries out the replicator's actions. Worker only. */
  void perform(List<SyncAction> actions) {
    for (SyncAction action : actions) {
      if (action instanceof SyncAction.Send send) {
        if (send.message() instanceof FeedMessage.Push push) {
          offer(push); // a slow subscriber catches up by asking; pushes are only a shortcut
        } else {
          write(send.message());
        }
      } else if (action instanceof SyncAction.Appended appended) {
        sync.appended(feed, appended.entries(), this);
      } else if (action instanceof SyncAction.ForkFound fork) {
        sync.forkFound(fork.proof(), fork.notice());
      } else if (action instanceof SyncAction.Misbehaving bad) {
        misbehaviour++;
        LOG.info("peer {} on feed {}: {}", peer, ChannelText.id(feed), bad.reason());
        if (misbehaviour > MAX_MISBEHAVIOUR) {
          giveUp("misbehaved " + misbehaviour + " times");
          return;
        }
      }
    }
  }

  void write(FeedMessage message) {
    if (!closed) {
      if (message instanceof FeedMessage.Request) {
        requestSentAtMillis = sync.nowMillis();
      }
      stream.write(FeedFrames.encode(message));
    }
  }

  /** Writes a message the peer can do without (it learns the same by asking), unless its answers pile up. */
  void offer(FeedMessage message) {
    if (!stream.writeQueueFull()) {
      write(message);
    }
  }

  /** Whether a request of ours has waited longer than {@code timeout} for its answer. Worker only. */
  boolean unanswered(long nowMillis, Duration timeout) {
    return replicator != null && replicator.awaitingAnswer() && nowMillis - requestSentAtMillis >= timeout.toMillis();
  }

  /** Resets the stream and keeps away from the peer for a while. */
  void giveUp(String reason) {
    LOG.info("giving up feed {} with {}: it {}", ChannelText.id(feed), peer, reason);
    sync.avoid(peer);
    stream.reset();
    close();
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
