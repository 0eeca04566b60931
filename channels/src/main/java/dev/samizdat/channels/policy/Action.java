package dev.samizdat.channels.policy;

import dev.samizdat.channels.wire.WireCode;
import java.util.Locale;

/**
 * What a block does for a user, weakest first. {@code WARN}: shown behind a notice the user can open;
 * {@code HIDE}: not shown; {@code DROP}: not shown, not stored, not served or relayed to anyone.
 */
public enum Action implements WireCode {
  WARN(0),
  HIDE(1),
  DROP(2);

  private final int code;

  Action(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }

  public static Action fromCode(int code) {
    return WireCode.fromCode(Action.class, code, "block action");
  }

  public Action weakest(Action other) {
    return compareTo(other) <= 0 ? this : other;
  }

  public static Action parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown action '" + text + "' (one of: warn, hide, drop)");
    }
  }
}
