package dev.cloakroom.sample;

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

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's way through the sample in headless Chromium (Debian's chromium and chromium-driver): the account
 * page sends them to Spring Security's login form, they sign in and see their name, and they log out. Without
 * the browser the test is skipped with the reason, except under CI=true, where that fails it.
 */
class BrowserLoginTest {
    @TempDir
    static Path directory;
    private static SampleApp app;
    private ChromeDriver browser;

    @BeforeAll
    static void startTheSample() {
        Servers.requireChromium();
        app = SampleApp.start("cloakroom.database-url=jdbc:sqlite:" + directory.resolve("sessions.sqlite3"));
    }

    @AfterAll
    static void stopTheSample() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Servers.CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Servers.CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /**
     * Clicks a button that submits a form and waits until the browser has replaced the page (marked by a
     * script variable the new page does not have), so that what is read next comes from the response.
     */
    private void submitWith(By button) {
        JavascriptExecutor scripts = browser;
        scripts.executeScript("window.samplePageLeft = true");
        browser.findElement(button).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(WebDriverException.class)
                .until(driver -> Boolean.TRUE.equals(scripts.executeScript(
                        "return window.samplePageLeft === undefined && document.readyState === 'complete'")));
    }

    @Test
    void signInThroughTheFormSeeTheAccountAndLogOut() {
        browser.get(app.uri("/account").toString());
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        String keyBeforeLogin = browser.manage().getCookieNamed("sessionid").getValue();

        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("password");
        submitWith(By.cssSelector("button[type=submit]"));

        assertThat(browser.getCurrentUrl()).contains("/account");
        assertThat(browser.findElement(By.id("user")).getText()).isEqualTo("alice");
        Cookie session = browser.manage().getCookieNamed("sessionid");
        assertThat(session.getValue()).isNotEqualTo(keyBeforeLogin);
        assertThat(session.isHttpOnly()).isTrue();

        browser.findElement(By.id("note-text")).sendKeys("remember the milk");
        submitWith(By.id("add-note"));
        assertThat(browser.findElement(By.id("notes")).getText()).isEqualTo("remember the milk");

        submitWith(By.id("logout"));
        assertThat(browser.getCurrentUrl()).endsWith("/login?logout");
        Cookie afterLogout = browser.manage().getCookieNamed("sessionid");
        assertThat(afterLogout == null ? null : afterLogout.getValue()).isNotEqualTo(session.getValue());

        browser.get(app.uri("/account").toString());
        assertThat(browser.getCurrentUrl()).as("signed out").endsWith("/login");
    }
}
