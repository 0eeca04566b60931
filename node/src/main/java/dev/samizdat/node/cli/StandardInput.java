package dev.samizdat.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The text of a message or post given as '-': standard input, up to the size the node accepts. */
final class StandardInput {
  private StandardInput() {}

  /** What Windows tools (Notepad, PowerShell's redirection) put before UTF-8 text: a mark of the encoding, not text. */
  private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /**
   * Reads {@code in} to its end, without a leading byte-order mark and without the one line break
   * ({@code \n} or {@code \r\n}) that ends what a shell or editor writes; any other line break stays,
   * as in text given as an argument. Refuses a text of more than {@code limitBytes} bytes without
   * reading all of it, so a file piped in by mistake costs no more than the limit, and bytes that are
   * not UTF-8 (a binary file, or text in another encoding), which would otherwise go out with their
   * characters replaced.
   */
  static String read(InputStream in, int limitBytes, String what) {
    byte[] read;
    try {
      // Past the limit by a mark and a CRLF that do not count, and one byte more that shows the text is too long.
      read = in.readNBytes(limitBytes + BYTE_ORDER_MARK.length + 3);
    } catch (IOException e) {
      throw new CliException("cannot read the " + what + " from standard input: " + e.getMessage());
    }
    int start = Arrays.equals(read, 0, Math.min(read.length, BYTE_ORDER_MARK.length), BYTE_ORDER_MARK, 0,
        BYTE_ORDER_MARK.length) ? BYTE_ORDER_MARK.length : 0;
    int end = read.length;
    if (end > start && read[end - 1] == '\n') {
      end--;
      if (end > start && read[end - 1] == '\r') {
        end--;
      }
    }
    if (end - start > limitBytes) {
      throw new CliException("a " + what + " is at most " + limitBytes + " bytes of UTF-8, and standard input holds more");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(read, start, end - start)).toString();
    } catch (CharacterCodingException e) {
      throw new CliException("the " + what + " on standard input is not UTF-8 text");
    }
  }
}
