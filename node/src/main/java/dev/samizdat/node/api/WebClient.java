package dev.samizdat.node.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Serves the web client (static files under {@code web/} on the class path) at {@code /}, logs a
 * browser in from the URL that {@code samizdat up} prints, and draws QR codes for it.
 *
 * <p>Login: {@code GET /?login=<one-time code>} spends the code, sets the session cookie and
 * redirects to {@code /}; {@code POST /api/web/login-link} (authenticated like any API call; {@code
 * samizdat web}) makes a new link. A spent, expired or unknown code gets a page that says how to
 * get a fresh link, and so does an old-style link carrying the API token, which is refused: the
 * browser's history would keep it. The client itself is public (it holds no data); everything it
 * shows comes from the API, which checks the cookie.
 */
public final class WebClient {
  public static final String LOGIN_LINK_PATH = "/api/web/login-link";
  /** The class-path folder of the static assets. */
  static final String ASSETS = "web";
  /**
   * Scripts and styles only from the node itself, nothing inline, no framing: a message or post
   * that slipped past the client's escaping still could not run script.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private static final String NEW_LINK_HINT = "<p>For a new link, run <code>samizdat web</code> (with the"
      + " <code>--home</code> of the node, if you gave one to <code>samizdat up</code>) and open the address it"
      + " prints. Each link logs in one browser, once.</p>";
  private static final String SPENT_LOGIN_LINK = page("This link was used already",
      "<p>A login link works once, for a day at most: this one was opened before, or has expired, or belongs to"
          + " another run of the node.</p>" + NEW_LINK_HINT);
  private static final String NOT_A_LOGIN_LINK_ANY_MORE = page("Links with the API token no longer log in",
      "<p>The browser would keep the token in its history, where anyone reading it could use the node as you."
          + " Login links now hold a code that works once.</p>" + NEW_LINK_HINT);

  private WebClient() {}

  /** Adds the client's routes; anything under {@code /api} is left to the API. */
  public static void install(Router router, ApiToken token, WebSessions sessions) {
    router.routeWithRegex("^/(?!api(/|$)).*").handler(WebClient::securityHeaders);
    router.get("/").handler(context -> login(context, sessions));
    router.post(LOGIN_LINK_PATH).handler(context -> context.json(new JsonObject()
        .put("url", loginUrl("http://" + context.request().authority(), sessions))));
    router.get("/web/qr.svg").handler(context -> qr(context, token, sessions));
    router.getWithRegex("^/(?!api(/|$)).*").handler(StaticHandler.create(ASSETS)
        .setIndexPage("index.html").setCachingEnabled(false).setDirectoryListing(false)
        .setIncludeHidden(false));
  }

  /** A new one-time login link to the client served at {@code base} ({@code http://host:port}). */
  public static String loginUrl(String base, WebSessions sessions) {
    return base + "/?login=" + sessions.issueLoginCode();
  }

  private static void securityHeaders(RoutingContext context) {
    context.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cache-Control", "no-store");
    context.next();
  }

  private static void login(RoutingContext context, WebSessions sessions) {
    String code = context.request().getParam("login");
    boolean oldStyle = context.request().getParam("token") != null;
    if (code == null && !oldStyle) {
      context.next();
      return;
    }
    if (oldStyle || !sessions.redeemLoginCode(code)) {
      context.response().setStatusCode(401).putHeader("Content-Type", "text/html; charset=utf-8")
          .end(oldStyle ? NOT_A_LOGIN_LINK_ANY_MORE : SPENT_LOGIN_LINK);
      return;
    }
    context.response().setStatusCode(303)
        .putHeader("Set-Cookie", WebSessions.setCookieHeader(cookieName(context), sessions.create()))
        .putHeader("Location", "/")
        .end();
  }

  private static String page(String title, String text) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>samizdat: " + title
        + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<link rel=\"stylesheet\" href=\"/app.css\"></head><body><main><section class=\"card\"><h1>" + title
        + "</h1>" + text + "</section></main></body></html>\n";
  }

  private static String cookieName(RoutingContext context) {
    var authority = context.request().authority();
    return authority != null && authority.port() > 0 ? WebSessions.cookieName(authority.port())
        : WebSessions.COOKIE_PREFIX;
  }

  private static void qr(RoutingContext context, ApiToken token, WebSessions sessions) {
    if (WebAuth.credential(context.request().headers(), token, sessions) == WebAuth.Credential.NONE) {
      ApiServer.fail(context, 401, "log in first: open the link that samizdat web prints");
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
