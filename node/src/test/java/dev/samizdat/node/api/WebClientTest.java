package dev.samizdat.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web client's login, cookie and cross-site rules, against a real API server on loopback. */
class WebClientTest {
  private final ApiToken token = ApiToken.generate(new SecureRandom());
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final Clock clock = new Clock() {
    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  };
  private final WebSessions sessions = new WebSessions(new SecureRandom(), clock);
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private Vertx vertx;
  private ApiServer server;
  private String base;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    server = ApiServer.start(vertx, "127.0.0.1", 0, false, token, sessions, new EventHub(), router -> {
      router.get("/api/node").handler(c -> c.json(new JsonObject().put("peerId", "me")));
      router.post("/api/contacts").handler(c -> c.response().setStatusCode(201).end(c.body().asString()));
    });
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
    vertx.close().await();
  }

  @Test
  void aLoginLinkSetsAStrictHttpOnlyCookieAndRedirectsWithoutItsCode() throws Exception {
    var response = send(get(path(newLoginLink())));
    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).hasValue("/");
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith(WebSessions.cookieName(server.port()) + "=").contains("HttpOnly", "SameSite=Strict", "Path=/");
    assertThat(sessions.size()).isEqualTo(1);
  }

  @Test
  void aLoginLinkWorksOnceSoThatTheBrowsersHistoryKeepsNothingOfValue() throws Exception {
    String link = path(newLoginLink());
    assertThat(send(get(link)).statusCode()).isEqualTo(303);
    var again = send(get(link));
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(again.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(again.body()).contains("This link was used already").contains("samizdat web");
    assertThat(sessions.size()).isEqualTo(1);
  }

  @Test
  void anUnopenedLoginLinkExpiresAfterADay() throws Exception {
    String link = path(newLoginLink());
    now.set(now.get().plus(WebSessions.LOGIN_CODE_LIFETIME));
    assertThat(send(get(link)).statusCode()).isEqualTo(401);
    assertThat(sessions.size()).isZero();
  }

  @Test
  void theApiTokenInALinkNoLongerLogsIn() throws Exception {
    for (String presented : new String[] {token.value(), "wrong"}) {
      var response = send(get("/?token=" + presented));
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(response.body()).contains("Links with the API token no longer log in").contains("samizdat web");
    }
    assertThat(send(get("/?login=made-up")).statusCode()).isEqualTo(401);
    assertThat(sessions.size()).isZero();
  }

  @Test
  void onlyAnAuthenticatedClientGetsALoginLink() throws Exception {
    var refused = send(post(WebClient.LOGIN_LINK_PATH, "{}").header("Content-Type", "application/json"));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(newLoginLink()).startsWith(base + "/?login=");
  }

  @Test
  void aRequestWithoutAValidHostHeaderIsABadRequestNotAnError() throws Exception {
    for (String host : new String[] {"", "Host: a:b:c\r\n"}) {
      try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
        socket.getOutputStream().write(("GET /api/node HTTP/1.1\r\n" + host + "Authorization: Bearer " + token.value()
            + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(answer).startsWith("HTTP/1.1 400").contains("a request needs a valid Host header");
      }
    }
  }

  @Test
  void theClientIsServedWithAStrictContentSecurityPolicy() throws Exception {
    var response = send(get("/"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<script type=\"module\" src=\"/js/app.js\"></script>");
    assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(WebClient.CONTENT_SECURITY_POLICY);
    assertThat(send(get("/js/app.js")).headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
    assertThat(send(get("/no-such-file.js")).statusCode()).isEqualTo(404);
  }

  @Test
  void theApiAcceptsTheCookieForReading() throws Exception {
    assertThat(send(get("/api/node")).statusCode()).isEqualTo(401);
    var response = send(get("/api/node").header("Cookie", login()));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("peerId")).isEqualTo("me");
  }

  @Test
  void aCookieRequestThatChangesStateNeedsTheRequestHeaderAndJson() throws Exception {
    String cookie = login();
    String body = "{\"peer\":\"bob\"}";
    var noHeader = send(post("/api/contacts", body).header("Cookie", cookie).header("Content-Type", "application/json"));
    assertThat(noHeader.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(noHeader.body()).getString("error")).contains(WebAuth.REQUEST_HEADER);

    var form = send(post("/api/contacts", "peer=bob").header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded").header(WebAuth.REQUEST_HEADER, "1"));
    assertThat(form.statusCode()).isEqualTo(403);

    var foreign = send(post("/api/contacts", body).header("Cookie", cookie).header("Content-Type", "application/json")
        .header(WebAuth.REQUEST_HEADER, "1").header("Origin", "http://evil.example"));
    assertThat(foreign.statusCode()).isEqualTo(403);

    var ok = send(post("/api/contacts", body).header("Cookie", cookie).header("Content-Type", "application/json")
        .header(WebAuth.REQUEST_HEADER, "1").header("Origin", base));
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(ok.body()).isEqualTo(body);
  }

  @Test
  void theTokenNeedsNoRequestHeader() throws Exception {
    var response = send(post("/api/contacts", "{}").header("Authorization", "Bearer " + token.value())
        .header("Content-Type", "application/json"));
    assertThat(response.statusCode()).isEqualTo(201);
  }

  @Test
  void theEventStreamOpensForTheCookieOnlyFromTheNodesOwnOrigin() throws Exception {
    String cookie = login();
    URI events = URI.create("ws://127.0.0.1:" + server.port() + "/api/events");
    WebSocket socket = http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", base)
        .buildAsync(events, new WebSocket.Listener() {}).get(5, TimeUnit.SECONDS);
    socket.abort();

    assertThatThrownBy(() -> http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", "http://evil.example")
        .buildAsync(events, new WebSocket.Listener() {}).join()).isInstanceOf(CompletionException.class);
    assertThatThrownBy(() -> http.newWebSocketBuilder().header("Origin", base)
        .buildAsync(events, new WebSocket.Listener() {}).join()).isInstanceOf(CompletionException.class);
  }

  @Test
  void theQrEndpointNeedsASessionAndDrawsSvg() throws Exception {
    assertThat(send(get("/web/qr.svg?text=samizdat:peer/x")).statusCode()).isEqualTo(401);
    var response = send(get("/web/qr.svg?text=samizdat:peer/x").header("Cookie", login()));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    assertThat(response.body()).startsWith("<svg");
    assertThat(send(get("/web/qr.svg?base64=%21%21").header("Cookie", login())).statusCode()).isEqualTo(400);
  }

  private String newLoginLink() throws Exception {
    var response = send(post(WebClient.LOGIN_LINK_PATH, "{}").header("Authorization", "Bearer " + token.value())
        .header("Content-Type", "application/json"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("url");
  }

  private String path(String url) {
    return url.substring(base.length());
  }

  private String login() throws Exception {
    String setCookie = send(get(path(newLoginLink()))).headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
  }

  private HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
