package dev.samizdat.channels.policy;

import dev.samizdat.channels.wire.WireCode;
import java.util.Locale;

/** The fixed vocabulary of block categories. Codes are part of the signed format: never reuse one. */
public enum Category implements WireCode {
  TERRORISM(1),
  CSAM(2),
  VIOLENCE(3),
  SPAM(4),
  SCAM(5),
  IMPERSONATION(6),
  COPYRIGHT(7),
  OTHER(8);

  private final int code;

  Category(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }

  public static Category fromCode(int code) {
    return WireCode.fromCode(Category.class, code, "block category");
  }

  /** Parses a user's word ({@code terrorism}, {@code SPAM}…). */
  public static Category parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown category '" + text + "' (one of: "
          + String.join(", ", java.util.Arrays.stream(values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList())
          + ")");
    }
  }
}
