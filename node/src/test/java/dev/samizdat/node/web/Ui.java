package dev.samizdat.node.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a person does in the web client, for the browser tests: go to a screen, fill, press, wait. */
record Ui(ChromeDriver browser, String base) {
  /** Delivery over loopback plus a DHT lookup or a retry of the outbox fits easily in this. */
  static final Duration PATIENCE = Duration.ofSeconds(45);

  /** Opens a screen by its hash route and waits until it has drawn its heading. */
  void show(String route) {
    browser.get(base + "/#/" + route);
    browser.navigate().refresh();
    until(b -> !b.findElements(By.cssSelector("main h1, main h2")).isEmpty()
        && b.findElements(By.cssSelector("main > p.muted")).stream().noneMatch(p -> p.getText().equals("Loading…")));
  }

  WebElement find(String css) {
    return until(b -> {
      List<WebElement> found = b.findElements(By.cssSelector(css));
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }

  void type(String css, String text) {
    WebElement field = find(css);
    field.clear();
    field.sendKeys(text);
  }

  /** Clicks the element; while a notice (the toast) covers it, waits for the notice to go. */
  void click(String css) {
    until(b -> {
      try {
        find(css).click();
        return true;
      } catch (ElementClickInterceptedException e) {
        return null;
      }
    });
  }

  String text(String css) {
    return find(css).getText();
  }

  /** Waits until some element matching css has text containing the given text, and returns it. */
  WebElement waitForText(String css, String text) {
    return until(b -> b.findElements(By.cssSelector(css)).stream()
        .filter(e -> e.getText().contains(text)).findFirst().orElse(null));
  }

  /** Clicks the element matching inner inside the first element matching css that contains text. */
  void clickWithin(String css, String text, String inner) {
    until(b -> {
      WebElement outer = b.findElements(By.cssSelector(css)).stream()
          .filter(e -> e.getText().contains(text)).findFirst().orElse(null);
      if (outer == null) {
        return null;
      }
      outer.findElement(By.cssSelector(inner)).click();
      return true;
    });
  }

  /** The text of the first element matching css that contains text, read when it is there. */
  String textOf(String css, String text) {
    return until(b -> b.findElements(By.cssSelector(css)).stream()
        .map(WebElement::getText).filter(t -> t.contains(text)).findFirst().orElse(null));
  }

  void waitUntilGone(String css, String text) {
    until(b -> b.findElements(By.cssSelector(css)).stream().noneMatch(e -> e.getText().contains(text)));
  }

  /** How many elements match css and contain text. */
  long count(String css, String text) {
    return browser.findElements(By.cssSelector(css)).stream().filter(e -> e.getText().contains(text)).count();
  }

  /** The visible text of the option chosen in the select matching css. */
  String selected(String css) {
    return new Select(find(css)).getFirstSelectedOption().getText();
  }

  /** Where an element's top edge is in the window, in CSS pixels. */
  double top(WebElement element) {
    return ((Number) browser.executeScript("return arguments[0].getBoundingClientRect().top", element)).doubleValue();
  }

  /** Whether the element matching css is what a click at its centre would hit: above everything else. */
  boolean onTop(String css) {
    return (Boolean) browser.executeScript("""
        const el = document.querySelector(arguments[0]);
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit !== null && el.contains(hit);""", css);
  }

  /**
   * Makes the page's answers from the node to requests for path wait until {@link #releaseAnswers}:
   * a slow answer, so that what the event stream tells meanwhile arrives first.
   */
  void holdAnswersTo(String path) {
    browser.executeScript("""
        const path = arguments[0];
        const realFetch = window.fetch;
        const gate = new Promise((release) => { window.releaseAnswers = release; });
        window.fetch = (input, init) => realFetch(input, init)
          .then((response) => String(input) === path ? gate.then(() => response) : response);""", path);
  }

  void releaseAnswers() {
    browser.executeScript("window.releaseAnswers()");
  }

  void select(String css, String value) {
    new Select(find(css)).selectByValue(value);
  }

  /** Chooses files in a file input, as a person picks several at once. */
  void attach(String css, Path... files) {
    find(css).sendKeys(String.join("\n", Stream.of(files).map(Path::toString).toList()));
  }

  /** Presses OK in the page's confirm() dialog. */
  void acceptConfirm() {
    until(b -> {
      try {
        b.switchTo().alert().accept();
        return true;
      } catch (NoAlertPresentException e) {
        return null;
      }
    });
  }

  /** Whether no element matching css is shown. */
  boolean nothingShown(String css) {
    return browser.findElements(By.cssSelector(css)).stream().noneMatch(WebElement::isDisplayed);
  }

  /**
   * Calls the local API from the page, with its login cookie, as the web client does: for a test's
   * set-up that a person would take long to click through. Answers the JSON the node sent.
   */
  Object api(String method, String path, String jsonBody) {
    return browser.executeAsyncScript("""
        const [method, path, body, done] = arguments;
        fetch(path, {method, credentials: 'same-origin', headers: method === 'GET' ? {}
            : {'Content-Type': 'application/json', 'X-Samizdat-Request': '1'}, body: body ?? undefined})
          .then((r) => r.json()).then(done, (e) => done(String(e)));""", method, path, jsonBody);
  }

  /** Form fields that have neither a label nor an aria-label: each would be a barrier to a screen reader. */
  @SuppressWarnings("unchecked")
  static List<String> unlabelledFields(ChromeDriver browser) {
    return (List<String>) browser.executeScript("""
        return [...document.querySelectorAll('input, select, textarea')]
          .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label')
            && !e.closest('label'))
          .map(e => e.outerHTML);""");
  }

  <T> T until(Function<WebDriver, T> condition) {
    // Views redraw lists when events arrive, so an element found a moment ago may be gone: look again.
    return new WebDriverWait(browser, PATIENCE, Duration.ofMillis(200))
        .ignoring(StaleElementReferenceException.class).until(condition);
  }
}
