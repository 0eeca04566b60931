package dev.samizdat.node.web;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its chromedriver, for the web client's browser tests.
 * Installs the two packages with apt-get when they are missing (once per machine, under a file
 * lock that parallel builds share) and fails with a clear message when that is impossible.
 * Selenium Manager never runs: both the browser and the driver are given by path.
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Path INSTALL_LOCK = Path.of(System.getProperty("java.io.tmpdir"), "samizdat-chromium-install.lock");
  /** apt-get update plus two packages of ~100 MB on a slow mirror. */
  private static final long INSTALL_TIMEOUT_MINUTES = 15;
  /**
   * Flags that keep Chromium headless and quiet: the machines' closed network refuses its
   * background connections (updates, sync, QUIC probes), which would otherwise stall it.
   */
  private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
      "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions", "--password-store=basic");

  private static final Logger QUIET = Logger.getLogger("org.openqa.selenium");

  private Chromium() {}

  static synchronized void ensureInstalled() {
    if (installed()) {
      return;
    }
    try (FileChannel lock = FileChannel.open(INSTALL_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        var ignored = lock.lock()) {
      if (installed()) {
        return;
      }
      run(List.of("apt-get", "update", "-q"));
      run(List.of("apt-get", "install", "-y", "-q", "chromium", "chromium-driver"));
    } catch (IOException e) {
      throw new IllegalStateException(cannot(e.getMessage()), e);
    }
    if (!installed()) {
      throw new IllegalStateException(cannot("apt-get finished but " + BROWSER + " or " + DRIVER + " is missing"));
    }
  }

  /** A fresh browser with its own profile in {@code profile}; close it with {@link ChromeDriver#quit()}. */
  static ChromeDriver open(Path profile, int width, int height) {
    ensureInstalled();
    // Selenium warns that it has no DevTools bindings for Debian's Chromium version; the tests use
    // WebDriver only, so the warning is noise.
    QUIET.setLevel(Level.SEVERE);
    var options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(FLAGS);
    options.addArguments("--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height);
    var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(60)).build();
    var driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return driver;
  }

  /** Saves a PNG of the window under target/screenshots (a test artefact). */
  static Path screenshot(ChromeDriver driver, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return file;
  }

  private static boolean installed() {
    return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
  }

  private static void run(List<String> command) throws IOException {
    var builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException(String.join(" ", command) + " could not start: " + e.getMessage(), e);
    }
    try {
      if (!process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " took longer than " + INSTALL_TIMEOUT_MINUTES + " minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", command), e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue()
          + " (it needs root and access to Debian's package mirror)");
    }
  }

  private static String cannot(String why) {
    return "the web client's browser tests need Debian's chromium and chromium-driver, and installing them failed: "
        + why + ". Install them by hand: apt-get update && apt-get install -y chromium chromium-driver";
  }
}
