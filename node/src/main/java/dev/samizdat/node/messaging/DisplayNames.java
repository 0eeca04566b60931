package dev.samizdat.node.messaging;

import java.text.Normalizer;
import java.util.Locale;

/**
 * When two names a person would read as one are one: contact, channel and list names are compared
 * through {@link #comparable}, so that "Ｂｏｂ" (full-width) or "ﬁles" (a ligature) cannot stand beside
 * "Bob" or "files" and pass for it.
 */
public final class DisplayNames {
  private DisplayNames() {}

  /** The name folded for comparison: compatibility-normalised (NFKC), case-folded, trimmed. */
  public static String comparable(String name) {
    String folded = Normalizer.normalize(name.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    // Case folding can leave a string that NFKC would write differently (e.g. "İ" → "i̇").
    return Normalizer.normalize(folded, Normalizer.Form.NFKC);
  }

  public static boolean same(String a, String b) {
    return comparable(a).equals(comparable(b));
  }
}
