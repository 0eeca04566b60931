package dev.samizdat.node.api.routes;

import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.Links;
import dev.samizdat.node.api.ApiException;
import dev.samizdat.node.messaging.Contact;
import dev.samizdat.node.messaging.DisplayNames;
import dev.samizdat.node.messaging.Messaging;
import java.util.List;

/**
 * Turns the text a user gives for a peer into a {@link PeerId}: a PeerId, a {@code samizdat:peer/}
 * link, an address ending in {@code /p2p/<PeerId>}, or the name of a contact (case-insensitive), as
 * docs/API.md allows wherever a peer is asked.
 */
public final class PeerResolver {
  /** How every samizdat link begins; the part after it says what the link names. */
  private static final String LINK_SCHEME = "samizdat:";
  /** How the text of every Ed25519 PeerId begins: the identity multihash of a protobuf Ed25519 key. */
  private static final String ED25519_ID_START = "12D3KooW";
  /**
   * One word of letters and digits this long is taken for a peer id someone tried to copy (perhaps with
   * a 0, O, I or l, which base58 leaves out), not for a contact's name: a PeerId of an
   * Ed25519 key is 52 characters, one of a hashed key 46.
   */
  private static final int ID_LIKE_LENGTH = 40;

  private PeerResolver() {}

  /** Parses a PeerId or link only; names are not looked up. */
  public static PeerId parse(String text) {
    refuseFeedLink(text);
    String id = Links.withoutPeerPrefix(text);
    if (id.startsWith("/")) {
      return ofAddress(text);
    }
    if (id.startsWith(LINK_SCHEME)) {
      throw ApiException.badRequest("'" + text.strip() + "' is not a samizdat link of a person: those begin "
          + Links.PEER_PREFIX);
    }
    try {
      PeerId peer = PeerId.parse(id);
      if (peer.publicKey().isEmpty()) {
        throw notAPeerId(text, id, "is not an Ed25519 peer id: samizdat peers are Ed25519 keys");
      }
      return peer;
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw notAPeerId(text, id, "is not a peer id (12D3KooW…) or samizdat:peer/ link");
    }
  }

  /**
   * The peer whose address {@code text} is, as {@code up} prints it ({@code /ip4/…/tcp/…/p2p/<id>}): the
   * id is what names the peer; the address is not kept, since the DHT finds where the peer is now.
   */
  private static PeerId ofAddress(String text) {
    Multiaddr address;
    try {
      address = Multiaddr.parse(text.strip());
    } catch (RuntimeException e) {
      throw ApiException.badRequest("'" + text.strip() + "' is not a peer id, link or address: " + e.getMessage());
    }
    PeerId peer = address.peerId().orElseThrow(() -> ApiException.badRequest("'" + text.strip()
        + "' is an address without a peer id: give the peer id (12D3KooW…), or the address ending in /p2p/<peer id>"));
    if (peer.publicKey().isEmpty()) {
      throw ApiException.badRequest("'" + text.strip() + "' ends in a peer id that is not an Ed25519 peer id:"
          + " samizdat peers are Ed25519 keys");
    }
    return peer;
  }

  /**
   * Why {@code id} is no samizdat peer id. No checksum guards a PeerId, but the Ed25519 key inside one
   * copied with a character wrong, missing or extra rarely decodes: said as such, not as a key of another kind.
   */
  private static ApiException notAPeerId(String text, String id, String otherwise) {
    return ApiException.badRequest("'" + text.strip() + "' " + (id.startsWith(ED25519_ID_START)
        ? "is not a valid peer id: a character is missing, extra or wrong (copy it again)" : otherwise));
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
      if (looksLikeIdOrLink(text)) {
        throw e; // why the id or link does not parse helps more than that no contact has it for a name
      }
      throw ApiException.notFound("unknown contact '" + text.strip() + "' (and not a peer id or samizdat:peer/ link)");
    }
  }

  /** Whether {@code text} was meant as a peer id or a link rather than a contact's name. */
  private static boolean looksLikeIdOrLink(String text) {
    String stripped = text.strip();
    if (stripped.startsWith(LINK_SCHEME) || stripped.startsWith(ED25519_ID_START) || stripped.startsWith("/")) {
      return true;
    }
    return stripped.length() >= ID_LIKE_LENGTH
        && stripped.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
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
    if (peer.equals(messaging.self())) {
      throw ApiException.badRequest("that is this node's own peer id, not a contact");
    }
    return messaging.contact(peer).orElseThrow(() -> ApiException.notFound(peer.toBase58() + " is not a contact (add it first)"));
  }
}
