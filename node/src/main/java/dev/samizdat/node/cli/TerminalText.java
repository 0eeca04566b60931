package dev.samizdat.node.cli;

/**
 * Text from other people (posts, names, messages, report notes) made safe to print on a terminal:
 * control characters would let anyone who can send you a message clear your screen, retitle your
 * window or hide text, and bidirectional overrides would let them reorder what you read. Each is
 * shown escaped instead; line breaks and tabs stay.
 */
final class TerminalText {
  private TerminalText() {}

  /**
   * {@code text} with each of its later lines indented by {@code indent}: a line break in what someone
   * wrote must not start a line that looks like the CLI's own (a forged "from Carol: …").
   */
  static String indented(String text, String indent) {
    return text.replace("\n", "\n" + indent);
  }

  static String safe(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isUnsafe(c)) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(c <= 0xFF ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean isUnsafe(char c) {
    return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F)
        || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
  }
}
