package dev.samizdat.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.node.api.ApiServer;
import dev.samizdat.node.api.ApiToken;
import dev.samizdat.node.api.EventHub;
import dev.samizdat.node.api.WebSessions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser session in a real Chromium: the printed link logs in and leaves the address bar,
 * the cookie is out of the page's reach, and a page of another origin on the same machine (same
 * site, so SameSite does not protect here) can neither post a form nor script a request.
 */
class WebLoginBrowserTest {
  @TempDir Path profile;
  private final ApiToken token = ApiToken.generate(new SecureRandom());
  private final WebSessions sessions = new WebSessions(new SecureRandom(), java.time.Clock.systemUTC());
  private final AtomicInteger changes = new AtomicInteger();
  private Vertx vertx;
  private ApiServer api;
  private HttpServer attacker;
  private ChromeDriver browser;
  private String base;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    api = ApiServer.start(vertx, "127.0.0.1", 0, false, token, sessions, new EventHub(),
        router -> router.post("/api/contacts").handler(c -> {
          changes.incrementAndGet();
          c.response().setStatusCode(201).end("{}");
        }));
    base = "http://127.0.0.1:" + api.port();
    attacker = vertx.createHttpServer().requestHandler(request -> request.response()
        .putHeader("Content-Type", "text/html").end("""
            <form id="f" method="post" action="%s/api/contacts" enctype="text/plain">
            <input name='{"peer":"x","a":"' value='"}'><button>go</button></form>
            <p id="fetch">pending</p>
            <script>
            fetch('%s/api/contacts', {method: 'POST', credentials: 'include',
              headers: {'Content-Type': 'application/json', 'X-Samizdat-Request': '1'}, body: '{"peer":"x"}'})
              .then(r => document.getElementById('fetch').textContent = 'answered ' + r.status,
                    e => document.getElementById('fetch').textContent = 'blocked');
            </script>""".formatted(base, base))).listen(0, "127.0.0.1").await();
    browser = Chromium.open(profile, 1280, 900);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    api.close();
    vertx.close().await();
  }

  @Test
  void aLoginLinkLogsInOnceAndOtherOriginsCannotChangeAnything() {
    browser.get(base + "/");
    await().until(b -> b.findElement(By.tagName("main")).getText().contains("Log in to your node"));

    String link = base + "/?login=" + sessions.issueLoginCode();
    browser.get(link);
    await().until(b -> !b.getCurrentUrl().contains("login"));
    assertThat(browser.getCurrentUrl()).startsWith(base + "/");
    assertThat(browser.manage().getCookieNamed(WebSessions.cookieName(api.port()))).satisfies(cookie -> {
      assertThat(cookie.isHttpOnly()).isTrue();
      assertThat(cookie.getSameSite()).isEqualTo("Strict");
    });
    assertThat((String) browser.executeScript("return document.cookie")).doesNotContain(WebSessions.COOKIE_PREFIX);

    Object status = browser.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/api/contacts', {method: 'POST', headers: {'Content-Type': 'application/json',
          'X-Samizdat-Request': '1'}, body: '{"peer":"x"}'}).then(r => done(r.status));""");
    assertThat(status).isEqualTo(201L);
    assertThat(changes).hasValue(1);
    // What the browser's history keeps of the link is spent.
    browser.get(link);
    await().until(b -> b.findElement(By.tagName("h1")).getText().equals("This link was used already"));

    browser.get("http://127.0.0.1:" + attacker.actualPort() + "/");
    await().until(b -> !b.findElement(By.id("fetch")).getText().equals("pending"));
    assertThat(browser.findElement(By.id("fetch")).getText()).isEqualTo("blocked");
    browser.findElement(By.tagName("button")).click();
    await().until(b -> b.getPageSource().contains("X-Samizdat-Request"));
    assertThat(changes).hasValue(1);
  }

  private WebDriverWait await() {
    return new WebDriverWait(browser, Duration.ofSeconds(15));
  }
}
