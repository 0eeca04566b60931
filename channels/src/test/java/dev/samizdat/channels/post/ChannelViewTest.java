package dev.samizdat.channels.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.FeedException;
import dev.samizdat.channels.feed.ContentType;
import dev.samizdat.channels.feed.FeedEntry;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.FeedLog;
import dev.samizdat.channels.feed.InMemoryFeedStore;
import dev.samizdat.channels.feed.Manifest;
import dev.samizdat.crypto.AuthenticationException;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelViewTest {
  private static final long NOW = 1_700_000_000_000L;
  private final SecureRandom random = new SecureRandom();
  private final Ed25519PrivateKey feedKey = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey coAuthor = Ed25519PrivateKey.generate(random);
  private final Ed25519PrivateKey otherAuthor = Ed25519PrivateKey.generate(random);
  private final FeedId feed = new FeedId(feedKey.publicKey());
  private final InMemoryFeedStore store = new InMemoryFeedStore();
  private final FeedLog log = new FeedLog(store);

  private FeedEntry append(ContentType type, byte[] body, Ed25519PrivateKey signer) {
    return log.append(feed, type, body, signer, NOW);
  }

  private ChannelView view() {
    return ChannelView.of(feed, store.entries(feed, 0, 1000));
  }

  @Test
  void postsAppearInOrderWithTheirLatestEditAndDeletedOnesBecomeTombstones() {
    log.create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "c", "", List.of(coAuthor.publicKey()), List.of()), NOW);
    FeedEntry first = append(ContentType.POST, Post.text("first").encode(), feedKey);
    FeedEntry second = append(ContentType.POST, Post.text("second").encode(), coAuthor);
    FeedEntry third = append(ContentType.POST, Post.text("third").encode(), feedKey);
    append(ContentType.EDIT, new Edit(PostRef.of(second), Post.text("second, corrected")).encode(), coAuthor);
    append(ContentType.EDIT, new Edit(PostRef.of(2), Post.text("second, corrected twice")).encode(), coAuthor);
    append(ContentType.DELETE, new Delete(PostRef.of(first.sequence()), Optional.of("wrong")).encode(), feedKey);

    ChannelView view = view();
    assertThat(view.posts()).extracting(post -> post.content().text())
        .containsExactly("second, corrected twice", "third");
    assertThat(view.post(second.sequence())).hasValueSatisfying(post -> {
      assertThat(post.editCount()).isEqualTo(2);
      assertThat(post.author()).isEqualTo(coAuthor.publicKey());
      assertThat(post.entryHash()).isEqualTo(second.hash());
    });
    assertThat(view.tombstones()).containsExactly(new ChannelView.Tombstone(1, 6, Optional.of("wrong")));
    assertThat(store.entry(feed, first.sequence())).as("the log keeps the deleted post").isPresent();
    assertThat(view.ignored()).isZero();
    assertThat(third.sequence()).isEqualTo(3);
  }

  @Test
  void editsOfLaterUnknownDeletedOrOtherAuthorsPostsAreIgnored() {
    log.create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "c", "",
        List.of(coAuthor.publicKey(), otherAuthor.publicKey()), List.of()), NOW);
    append(ContentType.EDIT, new Edit(PostRef.of(5), Post.text("edit of a later post")).encode(), feedKey);
    FeedEntry post = append(ContentType.POST, Post.text("mine").encode(), coAuthor);
    append(ContentType.EDIT, new Edit(PostRef.of(post), Post.text("not yours")).encode(), otherAuthor);
    append(ContentType.DELETE, new Delete(PostRef.of(post), Optional.empty()).encode(), otherAuthor);
    append(ContentType.EDIT, new Edit(new PostRef.ByHash(new byte[32]), Post.text("unknown")).encode(), feedKey);
    append(ContentType.POST, "not a post body".getBytes(StandardCharsets.UTF_8), feedKey);
    append(ContentType.POST, Post.text("later").encode(), feedKey);
    append(ContentType.EDIT, new Edit(PostRef.of(post), Post.text("moderated by the owner")).encode(), feedKey);

    ChannelView view = view();
    assertThat(view.posts()).extracting(p -> p.content().text()).containsExactly("moderated by the owner", "later");
    assertThat(view.ignored()).isEqualTo(5);
    assertThat(view.tombstoneCount()).isZero();
  }

  @Test
  void entriesOfAnotherFeedOrOutOfOrderAreACallersMistake() {
    log.create(feedKey, new Manifest(Manifest.Kind.CHANNEL, "c", "", List.of(), List.of()), NOW);
    FeedEntry post = append(ContentType.POST, Post.text("p").encode(), feedKey);
    ChannelView view = new ChannelView(feed);
    view.apply(post);
    assertThatThrownBy(() -> view.apply(post)).isInstanceOf(FeedException.class);
    assertThatThrownBy(() -> new ChannelView(new FeedId(coAuthor.publicKey())).apply(post))
        .isInstanceOf(FeedException.class);
  }

  @Test
  void bodiesRoundTripAndRefuseWhatTheyCannotRepresent() {
    Blob photo = Blob.of(new byte[] {1, 2, 3});
    Post post = new Post("caption ✓ 🌍", List.of(photo.ref("image/jpeg", "beach.jpg"), photo.ref("text/plain", "")));
    assertThat(Post.decode(post.encode())).isEqualTo(post);
    Edit edit = new Edit(new PostRef.ByHash(new byte[32]), post);
    assertThat(Edit.decode(edit.encode())).isEqualTo(edit);
    Delete delete = new Delete(PostRef.of(7), Optional.of("duplicate"));
    assertThat(Delete.decode(delete.encode())).isEqualTo(delete);
    assertThat(Delete.decode(new Delete(PostRef.of(7), Optional.empty()).encode()).reason()).isEmpty();
    // A deletion's reason is counted in characters, as a block's is: 1,000 Cyrillic letters are 2,000 bytes.
    Delete longest = new Delete(PostRef.of(7), Optional.of("я".repeat(Delete.MAX_REASON_LENGTH)));
    assertThat(Delete.decode(longest.encode())).isEqualTo(longest);
    assertThatThrownBy(() -> new Delete(PostRef.of(7), Optional.of("x".repeat(Delete.MAX_REASON_LENGTH + 1))))
        .hasMessage("a deletion's reason is at most 1000 characters");
    byte[] tooLong = java.nio.ByteBuffer.allocate(1 + 1 + 8 + 1 + 2 + 1001).put((byte) 1).put((byte) 0).putLong(7)
        .put((byte) 1).putShort((short) 1001).put("x".repeat(1001).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .array();
    assertThatThrownBy(() -> Delete.decode(tooLong)).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("exceeds 1000");

    assertThatThrownBy(() -> Post.text("x".repeat(Post.MAX_TEXT_BYTES + 1)))
        .hasMessage("post text is at most " + Post.MAX_TEXT_BYTES + " bytes of UTF-8, this one is " + (Post.MAX_TEXT_BYTES + 1));
    assertThatThrownBy(() -> Post.text("lone \uD800 surrogate")).hasMessageContaining("not valid Unicode");
    assertThatThrownBy(() -> photo.ref("image/jpeg", "../etc/passwd")).hasMessageContaining("path separators");
    assertThatThrownBy(() -> photo.ref("jpeg", "a")).hasMessageContaining("media type");
    byte[] overlong = {1, 0, 2, (byte) 0xC0, (byte) 0xAF, 0};
    assertThatThrownBy(() -> Post.decode(overlong)).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("UTF-8");
    byte[] trailing = java.util.Arrays.copyOf(post.encode(), post.encode().length + 1);
    assertThatThrownBy(() -> Post.decode(trailing)).hasMessageContaining("trailing");
  }

  @Test
  void aBlobIsAcceptedOnlyWithTheAnnouncedSizeAndHash() {
    byte[] content = "the leaked memo".getBytes(StandardCharsets.UTF_8);
    Blob blob = Blob.of(content);
    BlobRef ref = blob.ref("text/plain", "memo.txt");
    assertThat(Blob.verify(ref, content).id()).isEqualTo(BlobId.of(content));
    byte[] tampered = content.clone();
    tampered[0] ^= 1;
    assertThatThrownBy(() -> Blob.verify(ref, tampered)).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> Blob.verify(ref, new byte[3])).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("bytes");
    assertThat(BlobId.of(content).toBytes()).as("domain-separated, not a bare SHA-256")
        .isNotEqualTo(dev.samizdat.crypto.Hashes.sha256(content));
    assertThatThrownBy(() -> new BlobRef(ref.id(), Blob.MAX_SIZE + 1L, "text/plain", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
