package dev.samizdat.node.api;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Fans node events (new message, receipt, peer connected…) out to the API's WebSocket clients. An
 * event is a JSON object with a {@code type}. A client that cannot keep up loses events rather than
 * making the node buffer for it without bound. Thread-safe.
 */
public final class EventHub {
  /** A client further behind than this many queued bytes is skipped until it catches up. */
  static final int MAX_QUEUED_BYTES_PER_CLIENT = 1 << 20;

  private final Set<ServerWebSocket> clients = ConcurrentHashMap.newKeySet();
  private final Set<Consumer<JsonObject>> subscribers = ConcurrentHashMap.newKeySet();

  void add(ServerWebSocket socket) {
    socket.setWriteQueueMaxSize(MAX_QUEUED_BYTES_PER_CLIENT);
    clients.add(socket);
    socket.closeHandler(ignored -> clients.remove(socket));
  }

  /**
   * Hands every event to {@code subscriber} in this process, on the thread that published it (so it
   * must be quick). Closing the result unsubscribes.
   */
  public AutoCloseable subscribe(Consumer<JsonObject> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  public void publish(String type, JsonObject body) {
    JsonObject event = body.copy().put("type", type);
    subscribers.forEach(s -> s.accept(event));
    if (clients.isEmpty()) {
      return;
    }
    String text = event.encode();
    for (ServerWebSocket client : clients) {
      if (!client.writeQueueFull()) {
        client.writeTextMessage(text);
      }
    }
  }
}
