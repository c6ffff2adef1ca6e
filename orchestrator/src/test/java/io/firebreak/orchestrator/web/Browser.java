package io.firebreak.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A fresh headless Chromium session (its own profile, so no cookies carry over), driven through
 * the system's ChromeDriver. Never downloads a browser or a driver.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getProperty("webui.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("webui.chromedriver", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final String baseUrl;

  private Browser(ChromeDriver driver, String baseUrl) {
    this.driver = driver;
    this.baseUrl = baseUrl;
  }

  /**
   * Skips the calling test when Chromium or ChromeDriver is missing, except in CI (env {@code CI}
   * set), where a missing browser is a broken build, not a reason to skip.
   */
  static void assumeInstalled() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String missing = "needs " + CHROMIUM + " and " + CHROMEDRIVER
        + " (Debian: apt-get install chromium chromium-driver)";
    if (!installed && System.getenv("CI") != null) {
      fail("CI is set and the browser test " + missing);
    }
    assumeTrue(installed, "browser test skipped: it " + missing);
  }

  static Browser start(String baseUrl) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1100",
        "--lang=en-US");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    return new Browser(new ChromeDriver(service, options), baseUrl);
  }

  WebDriver driver() {
    return driver;
  }

  /** Opens {@code path} (e.g. {@code "/ui/#/approvals"}) on the orchestrator. */
  void open(String path) {
    driver.get(baseUrl + path);
  }

  void signIn(String username, String password) {
    await(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("login-submit")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
  }

  <T> T await(Function<WebDriver, T> condition) {
    return await(condition, Duration.ofSeconds(20));
  }

  <T> T await(Function<WebDriver, T> condition, Duration timeout) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition::apply);
  }

  WebElement find(By by) {
    return driver.findElement(by);
  }

  List<WebElement> findAll(By by) {
    return driver.findElements(by);
  }

  /** Saves a screenshot as {@code target/screenshots/<name>.png}. */
  void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  /** Fails if the page logged a Content-Security-Policy violation (inline code, a foreign source). */
  void assertNoPolicyViolations() {
    List<String> violations = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .filter(message -> message.contains("Content Security Policy") || message.contains("Refused to"))
        .toList();
    assertThat(violations).as("CSP violations in the browser console").isEmpty();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
