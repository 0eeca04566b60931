package dev.samizdat.node;

import io.vertx.ext.web.Router;
import java.util.concurrent.CompletableFuture;

/**
 * A part of the node that plugs into its assembly (channels, blocklists, reports…). {@link Node}
 * calls, in order: {@link #start} once the host and the DHT are up and messaging is built, before
 * messaging takes any message or collects the mailboxes (register stream handlers, timers, and
 * messaging's report sink and peer filter here), {@link #routes} while it builds the API (authentication, body limits and
 * error mapping are already in place; throw {@link dev.samizdat.node.api.ApiException} for 4xx
 * answers; use {@code blockingHandler} for anything that touches the database), and {@link #close}
 * on shutdown, in reverse order of the list, before messaging and the database close.
 */
public interface NodeService extends AutoCloseable {
  default CompletableFuture<Void> start(NodeContext context) {
    return CompletableFuture.completedFuture(null);
  }

  default void routes(Router router, NodeContext context) {}

  @Override
  default void close() {}
}
