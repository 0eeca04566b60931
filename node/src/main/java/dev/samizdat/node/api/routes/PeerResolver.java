package dev.samizdat.node.api.routes;

import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.Links;
import dev.samizdat.node.api.ApiException;
import dev.samizdat.node.messaging.Contact;
import dev.samizdat.node.messaging.DisplayNames;
import dev.samizdat.node.messaging.Messaging;
import java.util.List;

/**
 * Turns the text a user gives for a peer into a {@link PeerId}: a PeerId, a {@code samizdat:peer/}
 * link, or the name of a contact (case-insensitive), as docs/API.md allows wherever a peer is asked.
 */
public final class PeerResolver {
  private PeerResolver() {}

  /** Parses a PeerId or link only; names are not looked up. */
  public static PeerId parse(String text) {
    refuseFeedLink(text);
    try {
      PeerId peer = PeerId.parse(Links.withoutPeerPrefix(text));
      if (peer.publicKey().isEmpty()) {
        throw ApiException.badRequest("'" + text + "' is not an Ed25519 peer id: samizdat peers are Ed25519 keys");
      }
      return peer;
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ApiException.badRequest("'" + text + "' is not a peer id (12D3KooW…) or samizdat:peer/ link");
    }
  }

  /** A peer id, link or contact name; 404 when it is none of them. */
  public static PeerId resolve(Messaging messaging, String text) {
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest("a peer is required (peer id, samizdat:peer/ link or contact name)");
    }
    refuseFeedLink(text);
    List<Contact> named = messaging.contacts().stream()
        .filter(c -> !c.displayName().isEmpty() && DisplayNames.same(c.displayName(), text))
        .toList();
    if (named.size() == 1) {
      return named.get(0).peer();
    }
    if (named.size() > 1) {
      throw ApiException.conflict(named.size() + " contacts are named '" + text.strip() + "': use the peer id");
    }
    try {
      return parse(text);
    } catch (ApiException e) {
      throw ApiException.notFound("unknown contact '" + text.strip() + "' (and not a peer id or samizdat:peer/ link)");
    }
  }

  /** A channel's or list's link where a person is asked: said as such, not as an unknown contact. */
  private static void refuseFeedLink(String text) {
    if (Links.isChannelLink(text)) {
      throw ApiException.badRequest("that is the link of a channel or blocklist, not of a person: subscribe to it"
          + " or follow it instead");
    }
  }

  /** Like {@link #resolve}, but the peer must be a contact. */
  public static Contact contact(Messaging messaging, String text) {
    PeerId peer = resolve(messaging, text);
    return messaging.contacts().stream().filter(c -> c.peer().equals(peer)).findFirst()
        .orElseThrow(() -> ApiException.notFound(peer.toBase58() + " is not a contact (add it first)"));
  }
}
