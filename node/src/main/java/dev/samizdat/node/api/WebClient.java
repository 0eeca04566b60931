package dev.samizdat.node.api;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Serves the web client (static files under {@code web/} on the class path) at {@code /}, logs a
 * browser in from the URL that {@code samizdat up} prints, and draws QR codes for it.
 *
 * <p>Login: {@code GET /?token=<api token>} sets the session cookie and redirects to {@code /},
 * so that the token leaves the address bar and the history at once. A wrong token gets a page
 * that says how to get a fresh link. The client itself is public (it holds no data); everything
 * it shows comes from the API, which checks the cookie.
 */
public final class WebClient {
  /** The class-path folder of the static assets. */
  static final String ASSETS = "web";
  /**
   * Scripts and styles only from the node itself, nothing inline, no framing: a message or post
   * that slipped past the client's escaping still could not run script.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private WebClient() {}

  /** Adds the client's routes; anything under {@code /api} is left to the API. */
  public static void install(Router router, ApiToken token, WebSessions sessions) {
    router.routeWithRegex("^/(?!api(/|$)).*").handler(WebClient::securityHeaders);
    router.get("/").handler(context -> login(context, token, sessions));
    router.get("/web/qr.svg").handler(context -> qr(context, token, sessions));
    router.getWithRegex("^/(?!api(/|$)).*").handler(StaticHandler.create(ASSETS)
        .setIndexPage("index.html").setCachingEnabled(false).setDirectoryListing(false)
        .setIncludeHidden(false));
  }

  private static void securityHeaders(RoutingContext context) {
    context.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cache-Control", "no-store");
    context.next();
  }

  private static void login(RoutingContext context, ApiToken token, WebSessions sessions) {
    String presented = context.request().getParam("token");
    if (presented == null) {
      context.next();
      return;
    }
    if (!token.matches(presented)) {
      context.response().setStatusCode(401).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("This link does not log in to this node: its token is wrong or old.\n"
              + "Open the address that `samizdat up` printed, or read the token in <home>/api.token.\n");
      return;
    }
    context.response().setStatusCode(303)
        .putHeader("Set-Cookie", WebSessions.setCookieHeader(cookieName(context), sessions.create()))
        .putHeader("Location", "/")
        .end();
  }

  private static String cookieName(RoutingContext context) {
    var authority = context.request().authority();
    return authority != null && authority.port() > 0 ? WebSessions.cookieName(authority.port())
        : WebSessions.COOKIE_PREFIX;
  }

  private static void qr(RoutingContext context, ApiToken token, WebSessions sessions) {
    if (WebAuth.credential(context.request().headers(), token, sessions) == WebAuth.Credential.NONE) {
      ApiServer.fail(context, 401, "log in first: open the address that `samizdat up` printed");
      return;
    }
    String text = context.request().getParam("text");
    String base64 = context.request().getParam("base64");
    byte[] payload;
    if (text != null) {
      payload = text.getBytes(StandardCharsets.UTF_8);
    } else if (base64 != null) {
      try {
        payload = Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        ApiServer.fail(context, 400, "base64 is not valid Base64");
        return;
      }
    } else {
      ApiServer.fail(context, 400, "give the QR code's content as ?text= or ?base64=");
      return;
    }
    if (payload.length == 0 || payload.length > WebQr.MAX_PAYLOAD_BYTES) {
      ApiServer.fail(context, 400, "a QR code holds 1 to " + WebQr.MAX_PAYLOAD_BYTES + " bytes here");
      return;
    }
    context.response().putHeader("Content-Type", "image/svg+xml").end(WebQr.svg(payload));
  }
}
