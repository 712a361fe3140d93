package dev.pagila.system;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both from the machine (CI installs them): the
 * paths are given, so Selenium never looks for, or downloads, a browser of its own.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver web;
    private final Path screenshots;
    private final Path profile;

    private Browser(ChromeDriver web, Path screenshots, Path profile) {
        this.web = web;
        this.screenshots = screenshots;
        this.profile = profile;
    }

    static Browser headless(Path screenshots) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver (.ci/run installs them):"
                    + " apt-get install chromium chromium-driver");
        }
        Path profile = Files.createTempDirectory("console-browser");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver web = new ChromeDriver(service, options);
        web.manage().window().setSize(new Dimension(1280, 800));
        Files.createDirectories(screenshots);
        return new Browser(web, screenshots, profile);
    }

    /** Opens the console, which sends a browser without a token to sign in, and signs in there. */
    void signInToConsole(String queryApi, String username, String password) {
        web.get(queryApi + "/console");
        if (!web.getCurrentUrl().endsWith("/console/sign-in")) {
            throw new IllegalStateException("the console did not ask to sign in: " + web.getCurrentUrl());
        }
        web.findElement(By.id("username")).sendKeys(username);
        web.findElement(By.id("password")).sendKeys(password);
        web.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        new WebDriverWait(web, Duration.ofSeconds(30)).until(page -> page.getCurrentUrl().endsWith("/console"));
    }

    /** The text of what {@code selector} finds now ("" if nothing): read in the page, so a fragment htmx swaps meanwhile is no matter. */
    String text(String selector) {
        return String.valueOf(web.executeScript(
                "const found = document.querySelector(arguments[0]); return found ? found.textContent.trim() : '';", selector));
    }

    long count(String selector) {
        return (Long) web.executeScript("return document.querySelectorAll(arguments[0]).length;", selector);
    }

    /** Clicks the button that says {@code label} inside {@code section}, found when clicked. */
    void click(String section, String label) {
        web.executeScript("""
                const button = [...document.querySelectorAll(arguments[0] + ' button')].find(b => b.textContent.trim() === arguments[1]);
                if (!button) { throw new Error('no button ' + arguments[1]); }
                button.click();""", section, label);
    }

    /** Scrolls the element with id {@code section} to the top, then saves what the browser shows as {@code <name>.png}. */
    void screenshot(String name, String section) {
        web.executeScript("document.getElementById(arguments[0]).scrollIntoView()", section);
        screenshot(name);
    }

    /** Saves what the browser shows now as {@code <name>.png}. */
    void screenshot(String name) {
        File shot = ((TakesScreenshot) web).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        web.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
