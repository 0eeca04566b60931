package dev.samizdat.node.api.routes;

import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.api.ApiException;
import dev.samizdat.node.messaging.Contact;
import dev.samizdat.node.messaging.InboxFilter;
import dev.samizdat.node.messaging.MessageId;
import dev.samizdat.node.messaging.MessageView;
import dev.samizdat.node.messaging.Messaging;
import dev.samizdat.node.messaging.SendOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code /api/messages}, {@code /api/inbox}, {@code /api/conversations…} (docs/API.md, "Messages"). */
public final class MessageRoutes {
  static final int DEFAULT_LIMIT = 100;

  private final Messaging messaging;

  public MessageRoutes(Messaging messaging) {
    this.messaging = messaging;
  }

  public void register(Router router) {
    router.post("/api/messages").blockingHandler(Replies.blocking(201, c -> send(Replies.body(c))), false);
    router.get("/api/inbox").blockingHandler(Replies.blocking(200, this::inbox), false);
    router.get("/api/conversations").blockingHandler(Replies.blocking(200, c -> conversations()), false);
    router.get("/api/conversations/:peer/messages").blockingHandler(Replies.blocking(200, c -> {
      PeerId peer = PeerResolver.resolve(messaging, c.pathParam("peer"));
      String before = c.queryParams().get("before");
      Messaging.HistoryPage page = messaging.historyPage(peer,
          before == null || before.isBlank() ? Optional.empty() : Optional.of(MessageId.parse(before)), limit(c));
      // peerId: whom a name in the path stands for, so that a client need not match names itself.
      JsonObject answer = new JsonObject().put("peerId", peer.toBase58()).put("messages", array(page.messages()))
          .put("earlier", page.earlier());
      messaging.deliveryProblem(peer).ifPresent(problem -> answer.put("notSentBecause", problem));
      return answer;
    }), false);
    router.delete("/api/messages/:id").blockingHandler(Replies.blocking(200, c -> {
      MessageId id = MessageId.parse(c.pathParam("id"));
      Messaging.Deleted deleted = messaging.deleteMessage(id);
      if (deleted.messages() == 0) {
        throw ApiException.notFound("no message " + id.toHex() + " on this node");
      }
      return json(deleted);
    }), false);
    router.delete("/api/conversations/:peer/messages").blockingHandler(Replies.blocking(200, c ->
        json(messaging.deleteHistory(PeerResolver.resolve(messaging, c.pathParam("peer"))))), false);
    router.post("/api/conversations/:peer/read").blockingHandler(Replies.blocking(200, c ->
        new JsonObject().put("marked", messaging.markRead(PeerResolver.resolve(messaging, c.pathParam("peer"))))
            .put("receiptsSent", messaging.sendsReadReceipts())),
        false);
  }

  private JsonObject send(JsonObject body) {
    PeerId to = PeerResolver.resolve(messaging, Replies.requiredString(body, "to"));
    String text = Replies.optionalString(body, "text").orElse("");
    if (text.isBlank()) {
      throw ApiException.badRequest("a message needs text: empty or blank messages are not sent");
    }
    SendOptions options = SendOptions.DEFAULT;
    Object after = body.getValue("disappearAfterSeconds");
    if (after != null) {
      options = SendOptions.disappearingAfter(Duration.ofSeconds(
          Replies.nonNegativeWhole(after, "'disappearAfterSeconds' must be a whole number ≥ 0")));
    }
    boolean firstContact = messaging.contact(to).isEmpty();
    MessageId id = messaging.send(to, text, options);
    return Json.message(messaging.message(id).orElseThrow()).put("firstContact", firstContact);
  }

  private JsonObject inbox(RoutingContext context) {
    InboxFilter filter = InboxFilter.all().limit(limit(context));
    String from = context.queryParams().get("from");
    if (from != null && !from.isBlank()) {
      filter = filter.from(PeerResolver.resolve(messaging, from));
    }
    String since = context.queryParams().get("since");
    if (since != null && !since.isBlank()) {
      try {
        filter = filter.since(Instant.ofEpochMilli(Long.parseLong(since.strip())));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("'since' is milliseconds since the epoch, got '" + since + "'");
      }
    }
    return new JsonObject().put("messages", array(messaging.inbox(filter)));
  }

  private JsonObject conversations() {
    JsonArray out = new JsonArray();
    for (Contact c : messaging.contacts()) {
      List<MessageView> last = messaging.historyPage(c.peer(), Optional.empty(), 1).messages();
      if (last.isEmpty()) {
        continue;
      }
      out.add(new JsonObject().put("peerId", c.peer().toBase58()).put("name", c.displayName())
          .put("unread", messaging.unreadCount(c.peer())).put("lastMessage", Json.message(last.get(0))));
    }
    return new JsonObject().put("conversations", out);
  }

  static int limit(RoutingContext context) {
    String text = context.queryParams().get("limit");
    if (text == null || text.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.strip());
      if (limit >= 1 && limit <= InboxFilter.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw ApiException.badRequest("'limit' is a whole number 1.." + InboxFilter.MAX_LIMIT + ", got '" + text + "'");
  }

  /** How many messages were deleted, and how many of them were cancelled, never having left this node. */
  private static JsonObject json(Messaging.Deleted deleted) {
    return new JsonObject().put("deleted", deleted.messages()).put("cancelled", deleted.cancelled());
  }

  private static JsonArray array(List<MessageView> messages) {
    JsonArray out = new JsonArray();
    messages.forEach(m -> out.add(Json.message(m)));
    return out;
  }
}
