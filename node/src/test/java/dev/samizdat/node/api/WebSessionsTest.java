package dev.samizdat.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class WebSessionsTest {
  private final WebSessions sessions = new WebSessions(new SecureRandom(), java.time.Clock.systemUTC());

  @Test
  void aCreatedSessionIsValidAndAnUnknownOneIsNot() {
    String id = sessions.create();
    assertThat(sessions.isValid(id)).isTrue();
    assertThat(sessions.isValid(id + "x")).isFalse();
    assertThat(sessions.isValid("")).isFalse();
    assertThat(sessions.isValid(null)).isFalse();
  }

  @Test
  void theSessionIsFoundAmongOtherCookies() {
    String id = sessions.create();
    assertThat(sessions.isValidCookieHeader("theme=dark; " + WebSessions.cookieName(4500) + "=" + id + "; lang=en"))
        .isTrue();
    assertThat(sessions.isValidCookieHeader("x" + WebSessions.COOKIE_PREFIX + "=" + id)).isFalse();
    assertThat(sessions.isValidCookieHeader(null)).isFalse();
  }

  @Test
  void anotherNodesCookieBesideOursDoesNotHide() {
    String id = sessions.create();
    assertThat(sessions.isValidCookieHeader(WebSessions.cookieName(4500) + "=other; " + WebSessions.cookieName(4600)
        + "=" + id)).isTrue();
  }

  @Test
  void theOldestSessionIsForgottenBeyondTheLimit() {
    String first = sessions.create();
    for (int i = 0; i < WebSessions.MAX_SESSIONS; i++) {
      sessions.create();
    }
    assertThat(sessions.size()).isEqualTo(WebSessions.MAX_SESSIONS);
    assertThat(sessions.isValid(first)).isFalse();
  }

  @Test
  void theCookieIsHttpOnlyStrictAndForTheWholeSite() {
    assertThat(WebSessions.setCookieHeader(WebSessions.cookieName(4500), "abc"))
        .contains("samizdat_session_4500=abc").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
  }
}
