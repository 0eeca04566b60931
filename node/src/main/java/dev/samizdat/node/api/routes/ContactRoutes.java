package dev.samizdat.node.api.routes;

import dev.samizdat.crypto.SafetyNumber;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.api.ApiException;
import dev.samizdat.node.messaging.Contact;
import dev.samizdat.node.messaging.ContactRemoval;
import dev.samizdat.node.messaging.Messaging;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Base64;

/** {@code /api/contacts…} (docs/API.md, "Contacts"). Every handler blocks on the database. */
public final class ContactRoutes {
  /** Display names are labels on a screen, not documents. */
  static final int MAX_NAME_LENGTH = 100;

  private final Messaging messaging;

  public ContactRoutes(Messaging messaging) {
    this.messaging = messaging;
  }

  public void register(Router router) {
    router.get("/api/contacts").blockingHandler(Replies.blocking(200, c -> list()), false);
    router.post("/api/contacts").blockingHandler(Replies.blocking(201, c -> add(Replies.body(c))), false);
    router.get("/api/contacts/:peer/safety-number").blockingHandler(Replies.blocking(200,
        c -> safetyNumber(c.pathParam("peer"))), false);
    router.post("/api/contacts/:peer/verified").blockingHandler(Replies.blocking(200, c -> {
      Object verified = Replies.body(c).getValue("verified");
      if (!(verified instanceof Boolean b)) {
        throw ApiException.badRequest("'verified' is required and must be true or false");
      }
      Contact contact = PeerResolver.contact(messaging, c.pathParam("peer"));
      return json(messaging.setVerified(contact.peer(), b));
    }), false);
    router.post("/api/contacts/:peer/disappearing").blockingHandler(Replies.blocking(200, c -> {
      long seconds = Replies.nonNegativeWhole(Replies.body(c).getValue("seconds"),
          "'seconds' is required and must be a whole number ≥ 0 (0 = off)");
      Contact contact = PeerResolver.contact(messaging, c.pathParam("peer"));
      boolean changed = messaging.setDisappearingTimer(contact.peer(), Duration.ofSeconds(seconds));
      return json(contact).put("changed", changed);
    }), false);
    router.delete("/api/contacts/:peer").blockingHandler(Replies.blocking(200, c -> remove(c.pathParam("peer"))),
        false);
  }

  private JsonObject list() {
    JsonArray contacts = new JsonArray();
    messaging.contacts().forEach(c -> contacts.add(json(c)));
    return new JsonObject().put("contacts", contacts);
  }

  private JsonObject add(JsonObject body) {
    PeerId peer = PeerResolver.resolve(messaging, Replies.requiredString(body, "peer")); // a name renames
    Object name = body.getValue("name");
    if (name != null && !(name instanceof String)) {
      throw ApiException.badRequest("'name' must be a string");
    }
    String text = name == null ? null : ((String) name).strip(); // no name keeps the one the contact has
    if (text != null && text.codePointCount(0, text.length()) > MAX_NAME_LENGTH) {
      throw ApiException.badRequest("a contact name is at most " + MAX_NAME_LENGTH + " characters");
    }
    if (text != null && text.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("a contact name may not contain control characters");
    }
    if (text != null && looksLikeAPeer(text)) {
      // "from <that id>" would then name someone else than the sender.
      throw ApiException.badRequest("a contact name may not be a peer id, link or address: it would pass for that peer");
    }
    if (peer.equals(messaging.self())) {
      throw ApiException.badRequest("that is this node's own peer id");
    }
    return json(messaging.addContact(peer, text));
  }

  private JsonObject remove(String text) {
    PeerId peer = PeerResolver.resolve(messaging, text);
    ContactRemoval removal = messaging.removeContact(peer);
    if (removal instanceof ContactRemoval.Removed removed) {
      return new JsonObject().put("contact", json(removed.was())).put("chatKept", removed.chatKept());
    }
    if (removal instanceof ContactRemoval.OnlyAChat) {
      throw ApiException.conflict(peer.toBase58() + " has no name or verified mark to forget: it is listed only for"
          + " the chat with them, which stays until it is deleted");
    }
    throw ApiException.notFound(peer.toBase58() + " is not a contact (never added, or removed already)");
  }

  private static boolean looksLikeAPeer(String name) {
    try {
      PeerResolver.parse(name);
      return true;
    } catch (RuntimeException notAPeer) {
      return false;
    }
  }

  private JsonObject safetyNumber(String text) {
    Contact contact = PeerResolver.contact(messaging, text);
    SafetyNumber number = messaging.safetyNumber(contact.peer());
    return new JsonObject()
        .put("peerId", contact.peer().toBase58())
        .put("name", contact.displayName())
        .put("digits", number.digits())
        .put("groups", new JsonArray(number.groups()))
        .put("qrPayload", Base64.getEncoder().encodeToString(number.scannablePayload()))
        .put("verified", contact.verified());
  }

  private JsonObject json(Contact c) {
    return Json.contact(c, messaging.disappearingTimer(c.peer()));
  }
}
