package dev.samizdat.libp2p.noise;

import dev.samizdat.libp2p.ProtocolViolationException;
import java.nio.ByteBuffer;

/**
 * The transport phase of a libp2p Noise connection: encrypts outgoing bytes into length-prefixed Noise
 * transport messages, and decodes and decrypts incoming ones. No I/O: the connection's adapter moves
 * the bytes.
 *
 * <p>Threading: the sending half ({@code encrypt…}) and the receiving half ({@code decrypt…}) share no
 * state, so each may be driven by its own thread, but each half by one thread at a time.
 *
 * <p>The hot path works on direct buffers and allocates nothing of its own:
 * {@link #encrypt(ByteBuffer, ByteBuffer)} seals straight into the caller's buffer and
 * {@link #decrypt(ByteBuffer, ByteBuffer, BufferSink)} opens each message where it lies, into the
 * caller's scratch buffer. The array forms, built on them, serve the few bytes that follow a handshake.
 */
public final class NoiseTransport {
  /** Receives decrypted messages. */
  @FunctionalInterface
  public interface PlaintextSink {
    /** {@code buffer} is reused for the next message: copy what must outlive this call. */
    void accept(byte[] buffer, int offset, int length);
  }

  /** Receives decrypted messages from {@link #decrypt(ByteBuffer, ByteBuffer, BufferSink)}. */
  @FunctionalInterface
  public interface BufferSink {
    /** {@code plaintext} is a view of the caller's scratch buffer, reused for the next message. */
    void accept(ByteBuffer plaintext);
  }

  private static final byte[] NO_AD = new byte[0];
  private static final int FRAME_OVERHEAD = Noise.LENGTH_PREFIX_LENGTH + Noise.TAG_LENGTH;

  private final CipherState sender;
  private final CipherState receiver;
  private final NoiseFrameDecoder decoder = new NoiseFrameDecoder();
  /** Where the array forms of decrypt open messages. */
  private final ByteBuffer plaintext = ByteBuffer.allocate(Noise.MAX_PLAINTEXT_LENGTH);
  private boolean receiveFailed;

  NoiseTransport(CipherState sender, CipherState receiver) {
    this.sender = sender;
    this.receiver = receiver;
  }

  /** How many wire bytes {@code plaintextLength} bytes become: one 18-byte overhead per 65519 bytes. */
  public static int encryptedLength(int plaintextLength) {
    if (plaintextLength < 0) {
      throw new IllegalArgumentException("negative length");
    }
    int frames = (plaintextLength + Noise.MAX_PLAINTEXT_LENGTH - 1) / Noise.MAX_PLAINTEXT_LENGTH;
    return Math.addExact(plaintextLength, frames * FRAME_OVERHEAD);
  }

  /**
   * Encrypts {@code in[offset, offset+length)} as consecutive frames of at most 65519 plaintext bytes
   * into {@code out} from {@code outOffset}, which needs room for {@link #encryptedLength(int)} bytes.
   * Nothing is written for an empty input. Returns the bytes written.
   */
  public int encrypt(byte[] in, int offset, int length, byte[] out, int outOffset) {
    return encrypt(ByteBuffer.wrap(in, offset, length), ByteBuffer.wrap(out, outOffset, out.length - outOffset));
  }

  /**
   * Encrypts the remaining bytes of {@code plaintext} as consecutive frames of at most 65519 bytes
   * into {@code out} from its position; {@code out} needs room for {@link #encryptedLength(int)}
   * bytes. Advances both positions and returns the bytes written. With direct buffers the cipher
   * works in native memory: the bytes go from the plaintext buffer to the socket's with no copy.
   */
  public int encrypt(ByteBuffer plaintext, ByteBuffer out) {
    int needed = encryptedLength(plaintext.remaining());
    if (out.remaining() < needed) {
      throw new IllegalArgumentException("output has room for " + out.remaining() + " bytes, " + needed + " needed");
    }
    int start = out.position();
    while (plaintext.hasRemaining()) {
      int chunk = Math.min(plaintext.remaining(), Noise.MAX_PLAINTEXT_LENGTH);
      out.putShort((short) (chunk + Noise.TAG_LENGTH));
      ByteBuffer message = plaintext.slice(plaintext.position(), chunk);
      sender.encryptWithAd(NO_AD, message, out);
      plaintext.position(plaintext.position() + chunk);
    }
    return out.position() - start;
  }

  /**
   * Decrypts every whole frame in {@code in} into {@code scratch} (which needs room for 65519 bytes),
   * handing each plaintext to {@code sink} in order; a trailing partial frame is kept for the next
   * call. A frame that lies whole in {@code in} is opened where it lies; direct buffers keep the
   * cipher in native memory. Returns the number of messages delivered.
   *
   * @throws ProtocolViolationException when a frame is too long, shorter than a tag, or fails
   *     authentication; the receiving half is then unusable and the connection must be closed
   */
  public int decrypt(ByteBuffer in, ByteBuffer scratch, BufferSink sink) {
    int count = 0;
    for (ByteBuffer message; (message = openNext(in, scratch)) != null; count++) {
      sink.accept(message);
    }
    return count;
  }

  public byte[] encrypt(byte[] in, int offset, int length) {
    byte[] out = new byte[encryptedLength(length)];
    encrypt(in, offset, length, out, 0);
    return out;
  }

  public byte[] encrypt(byte[] plaintext) {
    return encrypt(plaintext, 0, plaintext.length);
  }

  /**
   * Decrypts every whole frame in {@code in}, handing each plaintext to {@code sink} in order; a
   * trailing partial frame is kept for the next call. Returns the number of messages delivered.
   *
   * @throws ProtocolViolationException when a frame is shorter than a tag or fails authentication;
   *     the receiving half is then unusable and the connection must be closed
   */
  public int decrypt(ByteBuffer in, PlaintextSink sink) {
    return decrypt(in, plaintext, message -> sink.accept(message.array(), message.position(), message.remaining()));
  }

  /** Decrypts the next whole frame of {@code in} into a new array, or returns null when none is complete. */
  public byte[] decryptFrame(ByteBuffer in) {
    ByteBuffer message = openNext(in, plaintext);
    if (message == null) {
      return null;
    }
    byte[] out = new byte[message.remaining()];
    message.get(out);
    return out;
  }

  /** True when the bytes received so far end inside a frame: the connection must not end here. */
  public boolean isMidFrame() {
    return decoder.isMidFrame();
  }

  /** Messages sent so far (the next send nonce). */
  public long messagesSent() {
    return sender.nonce();
  }

  /** Messages received so far (the next receive nonce). */
  public long messagesReceived() {
    return receiver.nonce();
  }

  /** Opens the next whole frame of {@code in} into {@code scratch}, returned flipped; null when none is complete. */
  private ByteBuffer openNext(ByteBuffer in, ByteBuffer scratch) {
    if (receiveFailed) {
      throw new IllegalStateException("an earlier Noise message failed; the connection must be closed");
    }
    try {
      ByteBuffer frame = decoder.decode(in);
      if (frame == null) {
        return null;
      }
      scratch.clear();
      receiver.decryptWithAd(NO_AD, frame, scratch);
      return scratch.flip();
    } catch (RuntimeException e) {
      receiveFailed = true;
      throw e;
    }
  }
}
