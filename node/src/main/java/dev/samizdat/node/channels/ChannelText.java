package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.policy.Target;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PublicKey;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.Links;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The text forms of feeds and moderation targets that the API and CLI use (docs/API.md, "Identifiers
 * in text"). A feed id is its key in the PeerId encoding; its link is {@code samizdat:channel/<id>}.
 * Targets are {@code channel:<feed>}, {@code post:<feed>/<sequence>}, {@code peer:<peerId>},
 * {@code blob:<sha-256 hex>} or {@code digest:<32 hex>}. Parsers throw {@link
 * IllegalArgumentException} with a message the user can act on.
 */
public final class ChannelText {
  private ChannelText() {}

  public static String id(FeedId feed) {
    return PeerId.fromPublicKey(feed.key()).toBase58();
  }

  public static String link(FeedId feed) {
    return Links.CHANNEL_PREFIX + id(feed);
  }

  /** Parses a feed id or link. */
  public static FeedId feed(String text) {
    String id = text == null ? "" : Links.withoutChannelPrefix(text);
    try {
      return new FeedId(PeerId.parse(id).publicKey().orElseThrow());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a channel or blocklist id or link ("
          + Links.CHANNEL_PREFIX + "<id>)");
    }
  }

  public static PeerId peer(String text) {
    String id = text == null ? "" : Links.withoutPeerPrefix(text);
    try {
      return PeerId.parse(id);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a peer id");
    }
  }

  /** A target named in clear, or known only by its digest. */
  public record TargetRef(Optional<Target> target, Target.Digest digest) {
    public static TargetRef of(Target target) {
      return new TargetRef(Optional.of(target), target.digest());
    }
  }

  public static Target channelTarget(FeedId feed) {
    return new Target(Target.Kind.CHANNEL, feed.toBytes());
  }

  /** A post target's id: its channel's key and the post's sequence. */
  private static final int POST_ID_LENGTH = 32 + Long.BYTES;

  /** A post is named by its feed and sequence: stable, and resolvable without holding the entry. */
  public static Target postTarget(FeedId feed, long sequence) {
    return new Target(Target.Kind.POST,
        ByteBuffer.allocate(POST_ID_LENGTH).put(feed.toBytes()).putLong(sequence).array());
  }

  /** The channel and sequence a post target names. */
  public record PostAddress(FeedId channel, long sequence) {}

  /** The inverse of {@link #postTarget}. */
  public static PostAddress postAddress(Target post) {
    byte[] id = post.id();
    return new PostAddress(FeedId.fromBytes(Arrays.copyOf(id, 32)), ByteBuffer.wrap(id, 32, 8).getLong());
  }

  /** The post a target names, if its id has a post's shape: a list's rule may carry any bytes there. */
  public static Optional<PostAddress> postAddressIfWellFormed(Target post) {
    if (post.id().length != POST_ID_LENGTH) {
      return Optional.empty();
    }
    try {
      return Optional.of(postAddress(post));
    } catch (CryptoException notAChannelKey) {
      return Optional.empty();
    }
  }

  public static Target peerTarget(PeerId peer) {
    return new Target(Target.Kind.PEER, peer.toBytes());
  }

  public static Target peerTarget(Ed25519PublicKey key) {
    return peerTarget(PeerId.fromPublicKey(key));
  }

  public static TargetRef target(String text) {
    String trimmed = text == null ? "" : text.trim();
    int colon = trimmed.indexOf(':');
    if (colon < 0) {
      throw badTarget(text);
    }
    String kind = trimmed.substring(0, colon);
    String rest = trimmed.substring(colon + 1);
    try {
      return switch (kind) {
        case "channel" -> TargetRef.of(channelTarget(feed(rest)));
        case "post" -> {
          int slash = rest.lastIndexOf('/');
          if (slash < 0) {
            throw badTarget(text);
          }
          long sequence = Long.parseLong(rest.substring(slash + 1));
          if (sequence < 1) {
            throw new IllegalArgumentException("'" + text + "' names no post: posts are numbered from #1");
          }
          yield TargetRef.of(postTarget(feed(rest.substring(0, slash)), sequence));
        }
        case "peer" -> TargetRef.of(peerTarget(peer(rest)));
        case "blob" -> TargetRef.of(new Target(Target.Kind.BLOB, Bytes.requireLength(Bytes.fromHex(rest), 32, "blob hash")));
        case "digest" -> new TargetRef(Optional.empty(),
            Target.Digest.of(Bytes.requireLength(Bytes.fromHex(rest), Target.Digest.LENGTH, "digest")));
        case "samizdat" -> TargetRef.of(channelTarget(feed(trimmed)));
        default -> throw badTarget(text);
      };
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("'") ? e : badTarget(text);
    } catch (RuntimeException e) {
      throw badTarget(text);
    }
  }

  private static IllegalArgumentException badTarget(String text) {
    return new IllegalArgumentException("'" + text + "' is not a target (channel:<id>, post:<id>/<sequence>, "
        + "peer:<peerId>, blob:<sha-256 hex> or digest:<32 hex>)");
  }

  public static String target(Target target) {
    byte[] id = target.id();
    return switch (target.kind()) {
      case CHANNEL -> "channel:" + id(FeedId.fromBytes(id));
      case POST -> {
        PostAddress post = postAddress(target);
        yield "post:" + id(post.channel()) + "/" + post.sequence();
      }
      case PEER -> "peer:" + PeerId.fromBytes(id).toBase58();
      case BLOB -> "blob:" + Bytes.hex(id);
    };
  }

  public static String target(TargetRef ref) {
    return ref.target().map(ChannelText::target).orElse("digest:" + Bytes.hex(ref.digest().toBytes()));
  }
}
