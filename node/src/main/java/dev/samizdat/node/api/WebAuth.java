package dev.samizdat.node.api;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import java.util.Optional;

/**
 * Who a request to the local API comes from: a client holding the token (the CLI, scripts) or a
 * browser holding a session cookie of {@link WebSessions}.
 *
 * <p>A cookie is sent by the browser on its own, so a request that changes state and is
 * authenticated by a cookie must also prove that the client's own script made it: it carries
 * {@value #REQUEST_HEADER}{@code : 1} and a JSON content type, which a cross-site form cannot
 * send and a cross-site script cannot send without a CORS preflight that this server never
 * grants. The cookie is also {@code SameSite=Strict}; this check is the second wall.
 */
public final class WebAuth {
  public static final String REQUEST_HEADER = "X-Samizdat-Request";

  public enum Credential { TOKEN, COOKIE, NONE }

  private WebAuth() {}

  public static Credential credential(MultiMap headers, ApiToken token, WebSessions sessions) {
    if (token.matches(bearer(headers.get("Authorization")))) {
      return Credential.TOKEN;
    }
    if (sessions.isValidCookieHeader(headers.get("Cookie"))) {
      return Credential.COOKIE;
    }
    return Credential.NONE;
  }

  /**
   * Why a cookie-authenticated request must be refused as possibly cross-site, or empty if it may
   * proceed. Safe methods (GET, HEAD, OPTIONS) change nothing and always proceed.
   */
  public static Optional<String> crossSiteRefusal(HttpMethod method, MultiMap headers, String authority) {
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      return Optional.empty();
    }
    if (!"1".equals(headers.get(REQUEST_HEADER))) {
      return Optional.of("requests from the web client that change state must carry the header "
          + REQUEST_HEADER + ": 1");
    }
    String type = headers.get("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      return Optional.of("requests from the web client that change state must be sent as application/json");
    }
    String origin = headers.get("Origin");
    if (origin != null && !sameOrigin(origin, authority)) {
      return Optional.of("cross-origin request refused (Origin " + origin + ")");
    }
    return Optional.empty();
  }

  /**
   * Whether a browser's {@code Origin} names the server it talks to, given as the request's
   * authority (the Host header in HTTP/1.1, {@code :authority} in HTTP/2). Browsers send it on every
   * WebSocket handshake; a page of another site connecting with the user's cookie fails here.
   */
  public static boolean sameOrigin(String origin, String authority) {
    return origin != null && authority != null && origin.equalsIgnoreCase("http://" + authority);
  }

  static String bearer(String header) {
    return header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()).trim() : null;
  }
}
