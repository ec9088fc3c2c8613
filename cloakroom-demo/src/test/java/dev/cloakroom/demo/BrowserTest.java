package dev.cloakroom.demo;

import dev.cloakroom.settings.SettingsLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The demo in a real browser: headless Chromium (Debian's chromium and chromium-driver) driven by Selenium.
 * Without them the tests are skipped with the reason, except under CI=true, where a missing browser fails.
 */
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path dir;
    private static DemoServer server;
    private ChromeDriver browser;

    @BeforeAll
    static void requireChromiumAndStartTheDemo() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String reason = "headless Chromium needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + ", and CI=true makes a missing browser a failure");
            }
            abort(reason);
        }
        var settings = new SettingsLoader(Map.of("SECRET_KEY", "browser-test-key",
                "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("browser.sqlite3")), Map.of(), dir)
                .builder(Optional.empty());
        server = DemoServer.start(settings, dir, "127.0.0.1", 0, new PrintWriter(new StringWriter()),
                Clock.systemUTC());
    }

    @AfterAll
    static void stopTheDemo() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void open(String path) {
        browser.get(server.address().resolve(path).toString());
    }

    /**
     * Clicks a button that submits a form and waits until the browser has replaced the page, so that what is
     * read next comes from the response and not from the page the click left (a race on a loaded machine).
     * The old page is marked with a script variable rather than watched as an element: asking Chromium about an
     * element of a page being torn down can fail with an inspector error instead of a stale-element answer.
     */
    private void submitWith(String buttonId) {
        JavascriptExecutor scripts = browser;
        scripts.executeScript("window.cloakroomPageLeft = true");
        browser.findElement(By.id(buttonId)).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(WebDriverException.class)
                .until(driver -> Boolean.TRUE.equals(scripts.executeScript(
                        "return window.cloakroomPageLeft === undefined && document.readyState === 'complete'")));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    void counterSurvivesPageLoads() {
        open("/counter");
        assertThat(text("count")).isEqualTo("1");
        browser.navigate().refresh();
        assertThat(text("count")).isEqualTo("2");
        open("/");
        open("/counter");
        assertThat(text("count")).isEqualTo("3");
    }

    @Test
    void sessionCookieIsInvisibleToPageScripts() {
        open("/counter");
        Cookie cookie = browser.manage().getCookieNamed("sessionid");
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        Object visible = ((JavascriptExecutor) browser).executeScript("return document.cookie");
        assertThat((String) visible).doesNotContain("sessionid").doesNotContain(cookie.getValue());
    }

    @Test
    void logOutClearsTheSession() {
        open("/counter");
        open("/counter");
        String anonymousKey = browser.manage().getCookieNamed("sessionid").getValue();
        open("/login");
        browser.findElement(By.id("username")).sendKeys("alice");
        submitWith("login");
        assertThat(text("user")).isEqualTo("alice");
        assertThat(text("flash")).contains("cycleKey()");
        assertThat(browser.manage().getCookieNamed("sessionid").getValue()).isNotEqualTo(anonymousKey);

        submitWith("logout");
        assertThat(text("flash")).contains("Logged out");
        assertThat(browser.manage().getCookieNamed("sessionid")).isNull();
        open("/read");
        assertThat(browser.findElement(By.tagName("body")).getText()).isEqualTo("0");
        open("/counter");
        assertThat(text("count")).isEqualTo("1");
    }

    @Test
    void browserCloseSessionGetsACookieWithoutExpiry() {
        open("/expiry");
        submitWith("set-browser");
        assertThat(text("expiry")).isEqualTo("when the browser closes");
        Cookie cookie = browser.manage().getCookieNamed("sessionid");
        assertThat(cookie).isNotNull();
        assertThat(cookie.getExpiry()).as("a browser-session cookie has no expiry").isNull();

        submitWith("set-default");
        assertThat(browser.manage().getCookieNamed("sessionid").getExpiry()).isNotNull();
    }
}
