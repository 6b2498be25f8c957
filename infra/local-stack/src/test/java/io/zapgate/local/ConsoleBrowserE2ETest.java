package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.LinkedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's {@code chromium} and {@code chromium-driver}, headless; {@code
 * ./zapgate test} installs them when missing) against the local stack in offline mode: paste the token, create an
 * instance, connect, the fake phone scans the QR the page shows, the page shows {@code connected} (from the
 * WebSocket stream); the phone unlinks the device, the page shows {@code loggedout}. On failure a screenshot goes to
 * {@code target/console-screenshots/}. Skipped (with the reason) when no chromium/chromedriver is installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ConsoleBrowserE2ETest.Screenshots.class)
class ConsoleBrowserE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path CHROMIUM = Path.of(System.getProperty("zapgate.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("zapgate.chromedriver", "/usr/bin/chromedriver"));
    private static WebDriver current;

    private FakeWhatsApp fake;
    private LocalStack stack;
    private WebDriver driver;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "no " + CHROMIUM + " / " + DRIVER + ": ./zapgate test installs Debian's chromium and chromium-driver");
        fake = FakeWhatsApp.start();
        stack = StackFixture.start(
                StackFixture.clock(),
                null,
                Map.of(
                        "ZAPGATE_WA_URL", fake.wsUrl().toString(),
                        "ZAPGATE_WA_ROOT_KEY", fake.rootPublicKeyHex(),
                        "ZAPGATE_RATE_LIMIT_GLOBAL", "100000"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=420,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        current = driver;
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (stack != null) {
            stack.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void aPersonLinksANumberByQrAndSeesItLoggedOutWhenThePhoneUnlinksIt() throws Exception {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        driver.get(stack.baseUrl() + "/");
        // a bad token: the API's own words on the page
        driver.findElement(By.id("token")).sendKeys("not-a-token");
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("error"), "Invalid token"));

        WebElement token = driver.findElement(By.id("token"));
        token.clear();
        token.sendKeys(stack.accountToken());
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));

        driver.findElement(By.id("newName")).sendKeys("shop");
        driver.findElement(By.cssSelector("#create button[type=submit]")).click();
        By state = By.cssSelector("[data-state-of='shop']");
        wait.until(ExpectedConditions.textToBe(state, "disconnected"));
        // an invalid name: the API's message, nothing created
        driver.findElement(By.id("newName")).sendKeys("shop");
        driver.findElement(By.cssSelector("#create button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("error"), "Instance name already exists"));

        driver.findElement(By.cssSelector("tr[data-instance='shop'] button[data-action='connect']"))
                .click();
        WebElement qr =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#panel img[data-qr]")));
        assertThat(qr.getDomAttribute("src")).startsWith("data:image/png;base64,");
        wait.until(ExpectedConditions.textMatches(
                By.id("qr-countdown"), java.util.regex.Pattern.compile("Expires in \\d+ s")));
        LinkedDevice device = fake.phone().scanQr(qr.getAttribute("data-qr")).get(30, TimeUnit.SECONDS);
        wait.until(ExpectedConditions.textToBe(state, "connected"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#panel [data-qr-done]")));

        assertThat(fake.phone().unlink(device.jid())).isTrue();
        wait.until(ExpectedConditions.textToBe(state, "loggedout"));
    }

    @Test
    void settingsAreEditedAndSavedThroughTheApi() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        Api api = new Api(stack.baseUrl());
        assertThat(api.post("/api/instance/new", stack.accountToken(), "{\"name\":\"cfg\"}")
                        .status())
                .isEqualTo(201);
        driver.get(stack.baseUrl() + "/");
        WebElement token = driver.findElement(By.id("token"));
        token.clear();
        token.sendKeys(stack.accountToken());
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-instance='cfg']")))
                .findElement(By.cssSelector("button[data-action='settings']"))
                .click();
        WebElement keepOnline = wait.until(
                ExpectedConditions.elementToBeClickable(By.cssSelector("#panel input[name=keepOnlineStatus]")));
        keepOnline.click();
        driver.findElement(By.cssSelector("#panel button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("panel-body"), "Settings updated successfully"));
        assertThat(api.get("/api/instance/getSettings/cfg", stack.accountToken())
                        .body()
                        .at("/settings/keepOnlineStatus")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aPairingCodeIsShownForANumberAndErrorsAreTheApisWords() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        Api api = new Api(stack.baseUrl());
        assertThat(api.post("/api/instance/new", stack.accountToken(), "{\"name\":\"pair\"}")
                        .status())
                .isEqualTo(201);
        driver.get(stack.baseUrl() + "/");
        WebElement token = driver.findElement(By.id("token"));
        token.clear();
        token.sendKeys(stack.accountToken());
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-instance='pair']")))
                .findElement(By.cssSelector("button[data-action='pair']"))
                .click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#panel input[name=number]")))
                .sendKeys(fake.phone().phoneNumber());
        driver.findElement(By.cssSelector("#panel button[type=submit]")).click();
        wait.until(ExpectedConditions.textMatches(
                By.id("pairing-code"), java.util.regex.Pattern.compile("^[A-Z0-9]{4}-[A-Z0-9]{4}$")));

        // reconnecting an instance that was never linked: the API's 400 message, shown as is
        driver.findElement(By.cssSelector("tr[data-instance='pair'] button[data-action='reconnect']"))
                .click();
        wait.until(ExpectedConditions.textToBe(By.id("error"), "Instance has no saved session — call /connect first"));
    }

    /** Keeps a screenshot of the page when a test fails. */
    static final class Screenshots implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (current instanceof ChromeDriver chrome) {
                try {
                    Path dir = Files.createDirectories(Path.of("target", "console-screenshots"));
                    byte[] png = chrome.getScreenshotAs(OutputType.BYTES);
                    Files.write(dir.resolve(context.getRequiredTestMethod().getName() + ".png"), png);
                } catch (Exception e) {
                    cause.addSuppressed(e);
                }
            }
        }
    }
}
