package dev.samizdat.node.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** The secret that every API request must present as {@code Authorization: Bearer <token>}. */
public record ApiToken(String value) {
  private static final int RANDOM_BYTES = 32;

  public ApiToken {
    if (value == null || value.isBlank() || value.length() > 256 || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("the API token must be a non-empty word");
    }
  }

  public static ApiToken generate(SecureRandom random) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return new ApiToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** Constant-time, so that the token cannot be guessed byte by byte from response times. */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "ApiToken[redacted]";
  }
}
