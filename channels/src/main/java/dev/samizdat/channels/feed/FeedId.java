package dev.samizdat.channels.feed;

import dev.samizdat.crypto.Ed25519PublicKey;

/**
 * A feed (channel or blocklist) is named by its own Ed25519 key, separate from its author's identity,
 * so that it can change hands and keep its address. The text form ({@code samizdat:channel/<id>}) is
 * the key's libp2p peer-id encoding and is made by the node, which knows that encoding.
 */
public record FeedId(Ed25519PublicKey key) {
  public FeedId {
    if (key == null) {
      throw new IllegalArgumentException("a feed id needs a key");
    }
  }

  public byte[] toBytes() {
    return key.toBytes();
  }

  public static FeedId fromBytes(byte[] bytes) {
    return new FeedId(Ed25519PublicKey.fromBytes(bytes));
  }
}
