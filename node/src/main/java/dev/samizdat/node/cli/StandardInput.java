package dev.samizdat.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** The text of a message or post given as '-': standard input, up to the size the node accepts. */
final class StandardInput {
  private StandardInput() {}

  /**
   * Reads {@code in} to its end, without the one line break that ends what a shell or editor
   * writes. Refuses a text of more than {@code limitBytes} bytes without reading all of it, so a
   * file piped in by mistake costs no more than the limit, and bytes that are not UTF-8 (a binary
   * file, or text in another encoding), which would otherwise go out with their characters replaced.
   */
  static String read(InputStream in, int limitBytes, String what) {
    byte[] read;
    try {
      // One byte past the limit shows the text is too long; one more, that it is not just the final line break.
      read = in.readNBytes(limitBytes + 2);
    } catch (IOException e) {
      throw new CliException("cannot read the " + what + " from standard input: " + e.getMessage());
    }
    int length = read.length > 0 && read[read.length - 1] == '\n' ? read.length - 1 : read.length;
    if (length > limitBytes) {
      throw new CliException("a " + what + " is at most " + limitBytes + " bytes of UTF-8, and standard input holds more");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(read, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw new CliException("the " + what + " on standard input is not UTF-8 text");
    }
  }
}
