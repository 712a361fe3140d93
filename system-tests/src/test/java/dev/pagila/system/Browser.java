package dev.pagila.system;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
