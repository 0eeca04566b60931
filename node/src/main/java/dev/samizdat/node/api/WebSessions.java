package dev.samizdat.node.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The browser sessions of the web client. A session is created when the browser opens the URL
 * that {@code samizdat up} prints (with the API token) and lives, as an HttpOnly cookie, until the
 * node stops; the token itself never stays in the browser.
 *
 * <p>Only SHA-256 digests of session ids are kept, so a heap dump does not hand out live cookies.
 * Thread-safe.
 */
public final class WebSessions {
  public static final String COOKIE_NAME = "samizdat_session";
  /** 256 bits: unguessable, like the API token. */
  private static final int SESSION_BYTES = 32;
  /**
   * A person opens the client in a handful of browsers; beyond this the oldest session is
   * forgotten, so that repeated logins cannot grow the node's memory.
   */
  static final int MAX_SESSIONS = 32;
  /** Cookie header values beyond this are not parsed: browsers send far less to a loopback origin. */
  private static final int MAX_COOKIE_HEADER_CHARS = 8192;

  private final SecureRandom random;
  private final Deque<String> digests = new ArrayDeque<>();

  public WebSessions(SecureRandom random) {
    this.random = random;
  }

  /** Creates a session and returns the id to set as the cookie's value. */
  public synchronized String create() {
    byte[] bytes = new byte[SESSION_BYTES];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    digests.addLast(digest(id));
    while (digests.size() > MAX_SESSIONS) {
      digests.removeFirst();
    }
    return id;
  }

  /** Whether {@code id} is a live session. The comparison of digests is constant-time. */
  public synchronized boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > 64) {
      return false;
    }
    byte[] presented = digest(id).getBytes(StandardCharsets.US_ASCII);
    boolean found = false;
    for (String known : digests) {
      found |= MessageDigest.isEqual(presented, known.getBytes(StandardCharsets.US_ASCII));
    }
    return found;
  }

  /** Whether a {@code Cookie} request header carries a live session. */
  public boolean isValidCookieHeader(String cookieHeader) {
    return sessionFromCookieHeader(cookieHeader).map(this::isValid).orElse(false);
  }

  public synchronized int size() {
    return digests.size();
  }

  /** The value of a {@code Set-Cookie} header for a new session (RFC 6265 section 4.1). */
  public static String setCookieHeader(String id) {
    return COOKIE_NAME + "=" + id + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /** The session id in a {@code Cookie} request header (RFC 6265 section 5.4), if there is one. */
  static Optional<String> sessionFromCookieHeader(String header) {
    if (header == null || header.length() > MAX_COOKIE_HEADER_CHARS) {
      return Optional.empty();
    }
    for (String pair : header.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).trim().equals(COOKIE_NAME)) {
        return Optional.of(pair.substring(eq + 1).trim());
      }
    }
    return Optional.empty();
  }

  private static String digest(String id) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
