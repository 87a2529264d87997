package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.config.ReportingConfig;
import io.taskexec.store.StateStore;
import io.taskexec.time.ManualClock;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The reports as a reader gets them: each HTML report opened in headless Chromium (offline) shows no
 * console error and loads nothing from elsewhere; each PDF's pages, rendered by pdftoppm, are
 * images with something on them. Screenshots and page images are kept in target/looked-at.
 */
class LookedAtTest {
  static final Path OUT = Path.of("target", "looked-at");
  @TempDir static Path dir;
  static final List<Report> reports = new ArrayList<>();

  @BeforeAll
  static void makeReports() throws Exception {
    Files.createDirectories(OUT);
    ReportGenerator g = new ReportGenerator(ReportingConfig.DEFAULT, null, new ManualClock(Instant.parse("2026-06-02T00:00:00Z")));
    List<ReportFormat> both = List.of(ReportFormat.HTML, ReportFormat.PDF);
    try (StateStore s = Stores.withRun(dir.resolve("small"), 150, 3, new SyntheticRun())) {
      reports.addAll(g.run(s, "Nightly pipeline", "state.db", both));
      reports.addAll(g.task(s, "t000005", "state.db", dir, both));
      reports.addAll(g.accounting(s, null, null, "state.db", both));
    }
    try (StateStore s = Stores.withRun(dir.resolve("large"), 5000, 16, new SyntheticRun())) {
      for (Report r : g.run(s, "Large run", "state.db", both)) {
        reports.add(new Report(r.id(), r.kind(), r.format(), "large-" + r.fileName(), r.created(), r.content()));
      }
    }
    for (Report r : reports) Files.write(OUT.resolve(r.fileName()), r.content());
  }

  static ChromeDriver driver;

  static ChromeDriver chrome() {
    if (driver != null) return driver;
    java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars",
        "--user-data-dir=" + dir.resolve("chrome-profile").toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    o.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    driver = new ChromeDriver(service, o);
    driver.manage().timeouts().pageLoadTimeout(java.time.Duration.ofSeconds(60));
    return driver;
  }

  @AfterAll
  static void quit() {
    if (driver != null) driver.quit();
  }

  @Test
  void the_console_check_sees_an_error_when_there_is_one() throws Exception {
    Path page = dir.resolve("broken.html");
    Files.writeString(page, "<html><body><script>console.error('broken chart');</script></body></html>");
    ChromeDriver c = chrome();
    c.get(page.toUri().toString());
    assertThat(c.manage().logs().get(LogType.BROWSER).getAll()).anyMatch(e -> e.getMessage().contains("broken chart"));
  }

  @Test
  void every_html_report_opens_in_chromium_without_console_errors_or_outside_requests() throws Exception {
    for (Report r : reports) {
      if (r.format() != ReportFormat.HTML) continue;
      String html = new String(r.content(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(html).as(r.fileName()).doesNotContainPattern("(src|href)=[\"']https?:").doesNotContain("url(http");
      ChromeDriver c = chrome();
      c.manage().window().setSize(new Dimension(1100, 900));
      c.get(OUT.resolve(r.fileName()).toAbsolutePath().toUri().toString());
      List<LogEntry> entries = c.manage().logs().get(LogType.BROWSER).getAll();
      assertThat(entries).as(r.fileName() + " console").noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue());
      assertThat(c.getTitle()).as(r.fileName()).isNotBlank();
      assertThat(c.findElements(org.openqa.selenium.By.cssSelector("svg"))).as(r.fileName() + " charts").isNotEmpty();
      long height = ((Number) c.executeScript("return document.body.scrollHeight")).longValue();
      c.manage().window().setSize(new Dimension(1100, (int) Math.min(height + 40, 12_000)));
      Files.write(OUT.resolve(r.fileName() + ".png"), c.getScreenshotAs(OutputType.BYTES));
    }
  }

  @Test
  void every_pdf_page_renders_to_an_image_with_something_on_it() throws Exception {
    for (Report r : reports) {
      if (r.format() != ReportFormat.PDF) continue;
      assertThat(new String(r.content(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
      Path prefix = OUT.resolve(r.fileName() + "-page");
      Process p = new ProcessBuilder("pdftoppm", "-png", "-r", "50", OUT.resolve(r.fileName()).toString(), prefix.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("pdftoppm: " + out).isZero();
      List<Path> pages;
      try (var files = Files.list(OUT)) {
        pages = files.filter(f -> f.getFileName().toString().startsWith(r.fileName() + "-page")).sorted().toList();
      }
      assertThat(pages).as(r.fileName()).isNotEmpty();
      for (Path page : pages) assertThat(variance(ImageIO.read(page.toFile()))).as(page.toString()).isGreaterThan(100.0);
    }
  }

  /** The variance of the grey levels: a blank page is 0, a page of text and charts a few thousand. */
  static double variance(BufferedImage img) {
    double sum = 0, sq = 0;
    long n = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y);
        double g = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3.0;
        sum += g;
        sq += g * g;
        n++;
      }
    }
    double mean = sum / n;
    return sq / n - mean * mean;
  }
}
