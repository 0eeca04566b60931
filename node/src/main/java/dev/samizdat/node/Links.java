package dev.samizdat.node;

import dev.samizdat.libp2p.PeerId;

/**
 * The links people pass around: {@code samizdat:peer/<peer id>} for a person's node and
 * {@code samizdat:channel/<id>} for a channel or a blocklist (docs/API.md, "Identifiers in text").
 */
public final class Links {
  public static final String PEER_PREFIX = "samizdat:peer/";
  public static final String CHANNEL_PREFIX = "samizdat:channel/";

  private Links() {}

  public static String peer(PeerId peer) {
    return PEER_PREFIX + peer.toBase58();
  }

  /** {@code text} without surrounding blanks and without a peer link's prefix, if it has one. */
  public static String withoutPeerPrefix(String text) {
    return withoutPrefix(text, PEER_PREFIX);
  }

  /** {@code text} without surrounding blanks and without a channel link's prefix, if it has one. */
  public static String withoutChannelPrefix(String text) {
    return withoutPrefix(text, CHANNEL_PREFIX);
  }

  public static boolean isChannelLink(String text) {
    return text.strip().startsWith(CHANNEL_PREFIX);
  }

  private static String withoutPrefix(String text, String prefix) {
    String stripped = text.strip();
    return stripped.startsWith(prefix) ? stripped.substring(prefix.length()) : stripped;
  }
}
