package dev.samizdat.node;

import dev.samizdat.libp2p.PeerId;
import dev.samizdat.libp2p.host.Connection;
import dev.samizdat.libp2p.host.ConnectionListener;
import dev.samizdat.libp2p.host.Host;
import dev.samizdat.node.api.EventHub;
import dev.samizdat.node.api.routes.Json;
import dev.samizdat.node.messaging.ContactChange;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.MessageState;
import dev.samizdat.node.messaging.MessageView;
import dev.samizdat.node.messaging.MessagingListener;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Turns messaging and connection events into the API's WebSocket events (docs/API.md, "Events"):
 * {@code message} (received or sent), {@code message-state}, {@code messages-deleted}, {@code disappearing-timer},
 * {@code contact}, {@code peer-connected}, {@code peer-disconnected} (the first connection to a peer and the last one
 * going).
 */
final class NodeEvents implements MessagingListener, ConnectionListener {
  private final EventHub hub;
  private final Host host;

  NodeEvents(EventHub hub, Host host) {
    this.hub = hub;
    this.host = host;
  }

  @Override
  public void messageReceived(MessageView message) {
    hub.publish("message", new JsonObject().put("message", Json.message(message)));
  }

  @Override
  public void messageSent(MessageView message) {
    hub.publish("message", new JsonObject().put("message", Json.message(message)));
  }

  @Override
  public void stateChanged(PeerId peer, MessageId id, MessageState state) {
    hub.publish("message-state", new JsonObject().put("id", id.toHex()).put("peerId", peer.toBase58())
        .put("state", Json.state(state)));
  }

  @Override
  public void disappearingTimerChanged(PeerId peer, Duration timer, boolean byUser) {
    hub.publish("disappearing-timer", new JsonObject().put("peerId", peer.toBase58())
        .put("seconds", timer.toSeconds()).put("by", byUser ? "you" : "peer"));
  }

  @Override
  public void messagesDeleted(PeerId peer, List<MessageId> ids, MessagingListener.Deletion reason) {
    JsonArray array = new JsonArray();
    ids.forEach(id -> array.add(id.toHex()));
    hub.publish("messages-deleted", new JsonObject().put("peerId", peer.toBase58()).put("ids", array)
        .put("reason", reason == MessagingListener.Deletion.EXPIRED ? "expired" : "deleted"));
  }

  @Override
  public void contactChanged(ContactChange change) {
    hub.publish("contact", new JsonObject().put("change", change.kind().name().toLowerCase(Locale.ROOT))
        .put("contact", Json.contact(change.contact(), change.disappearingTimer())));
  }

  @Override
  public void opened(Connection connection) {
    if (host.connections(connection.remotePeer()).size() <= 1) {
      hub.publish("peer-connected", new JsonObject().put("peerId", connection.remotePeer().toBase58()));
    }
  }

  @Override
  public void closed(Connection connection, Throwable cause) {
    if (host.connections(connection.remotePeer()).isEmpty()) {
      hub.publish("peer-disconnected", new JsonObject().put("peerId", connection.remotePeer().toBase58()));
    }
  }
}
