package ascc.core.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which {@code ivr-core/bin/sandbox provision}
 * installs) driven by Selenium, with a fresh profile and the flags that work on this closed network (without the
 * background-networking flags Chromium's own connections are refused and it stalls). Closing it removes the profile.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = System.getenv().getOrDefault("ASCC_CHROMIUM", "/usr/bin/chromium");
    static final String DRIVER = System.getenv().getOrDefault("ASCC_CHROMEDRIVER", "/usr/bin/chromedriver");
    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /** Starts a browser (1360x1200); screenshots are saved under {@code screenshots}. */
    static Browser start(Path screenshots) throws IOException {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(DRIVER))) {
            throw new IllegalStateException("no " + CHROMIUM + " or " + DRIVER + ": run ivr-core/bin/sandbox provision (installs"
                    + " Debian's chromium and chromium-driver)");
        }
        Path profile = Files.createTempDirectory("ascc-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1360,1200", "--user-data-dir=" + profile);
        // the driver from Debian's package, never one Selenium Manager would try to download
        System.setProperty("webdriver.chrome.driver", DRIVER);
        ChromeDriver driver = new ChromeDriver(o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
        return new Browser(driver, profile, screenshots);
    }

    WebDriver driver() {
        return driver;
    }

    /** Logs in at {@code base}/login and waits for the start page of the role. */
    void login(String base, String login, String password) {
        driver.get(base + "/login");
        driver.findElement(By.id("login")).sendKeys(login);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** Text of the element with {@code id}, or null when there is none. */
    String text(String id) {
        var found = driver.findElements(By.id(id));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    /** Saves a screenshot as {@code name} (never compared: a picture for the docs). */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(screenshots);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path to = screenshots.resolve(name);
        Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the browser profile " + profile, e);
            }
        }
    }
}
