package dev.samizdat.node.api;

import dev.samizdat.channels.post.Post;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's local API: JSON over HTTP under {@code /api}, events over a WebSocket at
 * {@code /api/events}, and the web client at {@code /}. Every API request needs the token or a
 * web client session cookie. It binds to loopback only unless the
 * configuration explicitly allows another address.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  /** Requests are small JSON documents; a message body is bounded far below this. */
  public static final long MAX_REQUEST_BYTES = 1 << 20;
  /**
   * A post with attachments: its files at their largest, base64 (4 characters for 3 bytes: 24 MiB),
   * and 1 MiB for the rest of the JSON (the text, at most 32 KiB even escaped character by character,
   * the files' names and types).
   */
  public static final long MAX_UPLOAD_REQUEST_BYTES = Post.MAX_FILES_BYTES / 3 * 4 + (1L << 20);
  private static final String UPLOAD_PATH = "/api/channels/:id/posts";
  private static final String EVENTS_PATH = "/api/events";

  private final HttpServer server;

  private ApiServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the server. {@code routes} adds the node's endpoints to a router under which
   * authentication, body parsing and error mapping are already in place.
   */
  public static ApiServer start(Vertx vertx, String host, int port, boolean allowNonLoopback, ApiToken token,
      EventHub events, Consumer<Router> routes) {
    return start(vertx, host, port, allowNonLoopback, token, new WebSessions(new SecureRandom(), Clock.systemUTC()),
        events, routes);
  }

  /**
   * As above, with the browser sessions of the web client given: the API accepts their cookie as
   * well as the token (see {@link WebAuth} for what a cookie-authenticated request must carry).
   */
  public static ApiServer start(Vertx vertx, String host, int port, boolean allowNonLoopback, ApiToken token,
      WebSessions sessions, EventHub events, Consumer<Router> routes) {
    if (!allowNonLoopback && !isLoopback(host)) {
      throw new IllegalArgumentException("the API may only listen on loopback (127.0.0.1 or ::1), not " + host
          + "; set api.allow-non-loopback=true to override");
    }
    Router router = Router.router(vertx);
    router.route("/api/*").handler(context -> authenticate(context, token, sessions));
    // Before the body handlers: a handshake whose body was read (a client may send Content-Length: 0)
    // can no longer be upgraded.
    router.get(EVENTS_PATH).handler(context -> openEvents(context, token, sessions, events));
    // A post may carry 18 MiB of files, base64 in its JSON; every other request stays small.
    router.post(UPLOAD_PATH).handler(BodyHandler.create().setBodyLimit(MAX_UPLOAD_REQUEST_BYTES));
    router.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_REQUEST_BYTES));
    routes.accept(router);
    WebClient.install(router, token, sessions);
    router.route("/api/*").last().handler(context -> fail(context, 404, "no such endpoint: "
        + context.request().method() + " " + context.request().path()));
    router.route().failureHandler(ApiServer::mapFailure);

    // No WebSocket handler of its own: handshakes go through the router, so that a refused one gets the
    // same JSON error as any other request.
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(65536))
        .requestHandler(router);
    HttpServer bound = server.listen(port, host).await();
    LOG.info("local API listening on http://{}:{}", host, bound.actualPort());
    return new ApiServer(bound);
  }

  public InetSocketAddress address(String host) {
    return new InetSocketAddress(host, server.actualPort());
  }

  public int port() {
    return server.actualPort();
  }

  private static void authenticate(RoutingContext context, ApiToken token, WebSessions sessions) {
    var request = context.request();
    switch (WebAuth.credential(request.headers(), token, sessions)) {
      case TOKEN -> context.next();
      case COOKIE -> WebAuth.crossSiteRefusal(request.method(), request.headers(), authority(request.authority()))
          .ifPresentOrElse(reason -> fail(context, 403, reason), context::next);
      case NONE -> fail(context, 401, "missing or wrong API token (Authorization: Bearer <token from api.token>)");
    }
  }

  /**
   * Upgrades an authenticated request to the event stream. A browser's WebSocket carries the cookie
   * and an Origin, which must be this server's own: the handshake is a GET, which the cookie check of
   * {@link WebAuth#crossSiteRefusal} lets through.
   */
  private static void openEvents(RoutingContext context, ApiToken token, WebSessions sessions, EventHub events) {
    HttpServerRequest request = context.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      fail(context, 400, "GET " + EVENTS_PATH + " is a WebSocket: connect to ws://" + authority(request.authority())
          + EVENTS_PATH + " (docs/API.md)");
      return;
    }
    String origin = request.getHeader("Origin");
    if (WebAuth.credential(request.headers(), token, sessions) == WebAuth.Credential.COOKIE
        && !WebAuth.sameOrigin(origin, authority(request.authority()))) {
      fail(context, 403, "cross-origin WebSocket refused (Origin " + origin + ")");
      return;
    }
    request.toWebSocket().onSuccess(events::add)
        .onFailure(e -> fail(context, 400, "bad WebSocket handshake: " + e.getMessage()));
  }

  private static String authority(HostAndPort authority) {
    return authority == null ? null : authority.toString();
  }

  private static void mapFailure(RoutingContext context) {
    Throwable failure = context.failure();
    if (failure instanceof ApiException api) {
      fail(context, api.status(), api.getMessage());
    } else if (failure instanceof DecodeException) {
      fail(context, 400, "the request body is not valid JSON: " + failure.getMessage());
    } else if (failure instanceof IllegalArgumentException) {
      // Thrown by the parsers of identifiers and targets, with a message worded for the user.
      fail(context, 400, failure.getMessage());
    } else if (failure instanceof ClassCastException) {
      // A JSON field of another type than the endpoint reads (Vert.x's typed getters cast).
      fail(context, 400, "a field of the request has the wrong type (docs/API.md gives each field's type)");
    } else if (!hasValidHost(context.request())) {
      // Vert.x fails such a request itself; HTTP/1.1 requires the header (RFC 9112 section 3.2).
      fail(context, 400, "a request needs a valid Host header (127.0.0.1:<port>)");
    } else if (context.statusCode() == 413) {
      fail(context, 413, "request body larger than " + MAX_REQUEST_BYTES + " bytes (" + MAX_UPLOAD_REQUEST_BYTES
          + " for a channel post with attachments)");
    } else if (failure != null) {
      LOG.warn("API request {} {} failed", context.request().method(), context.request().path(), failure);
      fail(context, 500, "internal error: " + failure.getMessage());
    } else {
      fail(context, context.statusCode() > 0 ? context.statusCode() : 500, "request failed");
    }
  }

  private static boolean hasValidHost(HttpServerRequest request) {
    String host = request.getHeader("Host");
    return request.version() == HttpVersion.HTTP_2
        || host != null && HostAndPort.parseAuthority(host, -1) != null;
  }

  static void fail(RoutingContext context, int status, String message) {
    if (context.response().ended()) {
      return;
    }
    context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).encode());
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public void close() {
    server.close().await();
  }
}
