package dev.samizdat.node.api.routes;

import dev.samizdat.node.Links;
import dev.samizdat.node.messaging.Contact;
import dev.samizdat.node.messaging.MessageState;
import dev.samizdat.node.messaging.MessageView;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;

/** The API's JSON shapes (docs/API.md): {@code Message}, {@code Contact}, message states. */
public final class Json {
  private Json() {}

  /** {@code QUEUED} → {@code queued}, {@code SENT_TO_MAILBOX} → {@code sent-to-mailbox}. */
  public static String state(MessageState state) {
    return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static JsonObject message(MessageView m) {
    JsonObject json = new JsonObject()
        .put("id", m.id().toHex())
        .put("peerId", m.peer().toBase58())
        .put("direction", m.outgoing() ? "out" : "in")
        .put("text", m.body())
        .put("sentAt", m.sentAt().toEpochMilli())
        .put("state", state(m.state()));
    if (!m.outgoing()) {
      json.put("receivedAt", m.receivedAt().toEpochMilli());
    }
    m.expiresAt().ifPresent(t -> json.put("expiresAt", t.toEpochMilli()));
    m.failure().filter(f -> !f.isEmpty()).ifPresent(f -> json.put("failure", f));
    return json;
  }

  public static JsonObject contact(Contact c, Duration disappearing) {
    return new JsonObject()
        .put("peerId", c.peer().toBase58())
        .put("link", Links.peer(c.peer()))
        .put("name", c.displayName())
        .put("verified", c.verified())
        .put("disappearingSeconds", disappearing.toSeconds());
  }
}
