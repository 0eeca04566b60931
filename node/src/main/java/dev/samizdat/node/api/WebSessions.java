package dev.samizdat.node.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browser sessions of the web client. A session is created when the browser opens a login
 * link ({@code samizdat up} prints one, {@code samizdat web} prints a new one) and lives, as an
 * HttpOnly cookie, until the node stops. A link holds a one-time code, not the API token: browsers
 * keep every address they opened in their history (and may sync it), where a spent code is worth
 * nothing and the token would be worth everything.
 *
 * <p>Only SHA-256 digests of session ids and codes are kept, so a heap dump does not hand out live
 * cookies or links. Thread-safe.
 */
public final class WebSessions {
  /**
   * Cookies are scoped by host, not by port: two nodes on one machine would overwrite each other's
   * cookie in a browser logged in to both. So each node names its cookie after its port
   * ({@code samizdat_session_4500}) and accepts any cookie with this prefix that holds one of its
   * sessions.
   */
  public static final String COOKIE_PREFIX = "samizdat_session";
  /** 256 bits: unguessable, like the API token. */
  private static final int SESSION_BYTES = 32;
  /**
   * A person opens the client in a handful of browsers; beyond this the oldest session is
   * forgotten, so that repeated logins cannot grow the node's memory.
   */
  static final int MAX_SESSIONS = 32;
  /** Cookie header values beyond this are not parsed: browsers send far less to a loopback origin. */
  private static final int MAX_COOKIE_HEADER_CHARS = 8192;
  /**
   * How long an unopened login link works: the one {@code samizdat up} prints may well be opened
   * hours later. Once opened it is spent.
   */
  static final Duration LOGIN_CODE_LIFETIME = Duration.ofHours(24);
  /** Links asked for and never opened; beyond this the oldest stops working. */
  static final int MAX_LOGIN_CODES = 16;

  private final SecureRandom random;
  private final Clock clock;
  private final Deque<String> digests = new ArrayDeque<>();
  private final Map<String, Instant> loginCodeExpiries = new LinkedHashMap<>();

  public WebSessions(SecureRandom random, Clock clock) {
    this.random = random;
    this.clock = clock;
  }

  /** Creates a session and returns the id to set as the cookie's value. */
  public synchronized String create() {
    String id = randomId();
    digests.addLast(digest(id));
    while (digests.size() > MAX_SESSIONS) {
      digests.removeFirst();
    }
    return id;
  }

  /** A new one-time code for a login link. */
  public synchronized String issueLoginCode() {
    String code = randomId();
    loginCodeExpiries.put(digest(code), clock.instant().plus(LOGIN_CODE_LIFETIME));
    while (loginCodeExpiries.size() > MAX_LOGIN_CODES) {
      loginCodeExpiries.remove(loginCodeExpiries.keySet().iterator().next());
    }
    return code;
  }

  /** Spends {@code code}: true if it was issued here, not spent yet and not expired. */
  public synchronized boolean redeemLoginCode(String code) {
    if (code == null || code.isEmpty() || code.length() > 64) {
      return false;
    }
    Instant expiry = loginCodeExpiries.remove(digest(code));
    return expiry != null && clock.instant().isBefore(expiry);
  }

  private String randomId() {
    byte[] bytes = new byte[SESSION_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
    return sessionsInCookieHeader(cookieHeader).stream().anyMatch(this::isValid);
  }

  public synchronized int size() {
    return digests.size();
  }

  /** The name of the session cookie of the node whose API listens on {@code port}. */
  public static String cookieName(int port) {
    return COOKIE_PREFIX + "_" + port;
  }

  /** The value of a {@code Set-Cookie} header for a new session (RFC 6265 section 4.1). */
  public static String setCookieHeader(String name, String id) {
    return name + "=" + id + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /** The values of the session cookies in a {@code Cookie} request header (RFC 6265 section 5.4). */
  static List<String> sessionsInCookieHeader(String header) {
    if (header == null || header.length() > MAX_COOKIE_HEADER_CHARS) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    for (String pair : header.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).trim().startsWith(COOKIE_PREFIX)) {
        found.add(pair.substring(eq + 1).trim());
      }
    }
    return found;
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
