package io.taskexec.server.ui;

import static io.taskexec.server.Fixtures.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskexec.server.Running;
import io.taskexec.server.Scenarios;
import io.taskexec.task.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium against a real server: it asks for a token, shows
 * the live task table with counts by state, a run's dependency graph and timeline, agents with
 * resource bars, alerts and reports; screenshots go to {@code target/screenshots/}.
 */
class DashboardE2ETest {
  static final Path SHOTS = Path.of("target", "screenshots");
  @TempDir Path dir;
  Running r;
  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void start() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromedriver")), "chromium-driver is installed (scripts/packages.txt)");
    Files.createDirectories(SHOTS);
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--window-size=1440,900",
        "--user-data-dir=" + dir.resolve("chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, o);
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.quit();
    if (r != null) r.close();
  }

  @Test
  void an_operator_signs_in_with_a_token_and_follows_a_run_live() throws Exception {
    r = Running.start(dir);
    browser.get(r.base() + "/");
    WebElement input = until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
    shot("01-token");
    input.sendKeys("wrong-token");
    browser.findElement(By.id("token-save")).click();
    until(ExpectedConditions.textToBePresentInElementLocated(By.id("token-error"), "did not accept"));
    browser.findElement(By.id("token-input")).sendKeys("admin-token");
    browser.findElement(By.id("token-save")).click();
    until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "admin"));
    until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));

    String file = """
        tasks:
          - {id: extract, type: shell, command: "echo extracting; sleep 0.3", requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
          - {id: clean-a, type: sleep, duration: 400ms, dependencies: [extract], requirements: {cpu_cores: 2, memory_gb: 4, storage_gb: 1}}
          - {id: clean-b, type: sleep, duration: 700ms, dependencies: [extract], requirements: {cpu_cores: 2, memory_gb: 4, storage_gb: 1}}
          - {id: broken, type: shell, command: "echo disk full >&2; exit 3", dependencies: [extract], requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
          - {id: load, type: noop, dependencies: [clean-a, clean-b], requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
          - {id: report, type: noop, dependencies: [load, broken], requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
          - {id: long-job, type: sleep, duration: 120s, requirements: {cpu_cores: 3, memory_gb: 12, storage_gb: 20}}
        """;
    assertThat(r.post("/api/v1/runs?run=nightly-etl", "admin", "application/yaml", file).status()).isEqualTo(201);
    // the table follows the stream, without a reload
    until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#task-table tbody tr"), 7));
    awaitState(r, "report", TaskState.UPSTREAM_FAILED);
    awaitState(r, "long-job", TaskState.RUNNING);
    until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#counts .count[data-state=SUCCEEDED] b"), "4"));
    until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#task-table tbody tr[data-id=report]"), "upstream failed"));
    shot("02-tasks");

    browser.findElement(By.cssSelector("#task-table tbody tr[data-id=broken]")).click();
    until(ExpectedConditions.textToBePresentInElementLocated(By.id("task-detail"), "exit 3"));
    browser.findElement(By.linkText("stderr")).click();
    until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#task-detail pre.log[data-stream=stderr]"), "disk full"));
    shot("03-task-detail");

    browser.findElement(By.cssSelector("#counts .count[data-state=FAILED]")).click();
    until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#task-table tbody tr"), 1));

    browser.get(r.base() + "/ui/#/runs/nightly-etl");
    until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#run-view svg .node")));
    assertThat(browser.findElements(By.cssSelector("#run-view svg .node"))).hasSize(7);
    assertThat(browser.findElements(By.cssSelector("#run-view svg path.edge"))).hasSize(7);
    assertThat(browser.findElements(By.cssSelector("#run-view .panel:nth-child(3) svg rect"))).hasSizeGreaterThanOrEqualTo(5);
    shot("04-run");

    browser.get(r.base() + "/ui/#/agents");
    until(ExpectedConditions.textToBePresentInElementLocated(By.id("agent-cards"), "3 / 8 cores · 38%"));
    shot("05-agents");

    browser.get(r.base() + "/ui/#/alerts");
    until(ExpectedConditions.textToBePresentInElementLocated(By.id("alert-list"), "No alerts firing"));
    browser.get(r.base() + "/ui/#/reports");
    until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-list"), "No reports yet"));
    browser.findElement(By.xpath("//button[text()='Run report (html)']")).click();
    until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-list"), "Download"));
    shot("06-reports");

    List<?> errors = (List<?>) browser.executeScript("return window.__errors || []");
    assertThat(errors).isEmpty();
  }

  @Test
  void alerts_that_fire_for_real_show_on_the_alerts_view() throws Exception {
    r = Running.start(dir, sc -> sc, b -> {}, Scenarios.TOUCHY_ALERTS);
    signIn();
    browser.get(r.base() + "/ui/#/alerts");
    until(ExpectedConditions.textToBePresentInElementLocated(By.id("alert-list"), "No alerts firing"));
    assertThat(r.postYaml("/api/v1/runs?run=flaky", "shell", Scenarios.FAILING_RUN).status()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> r.get("/api/v1/alerts", "viewer").json().path("items").findValuesAsText("rule").contains("failure_rate"));
    browser.navigate().refresh();
    WebElement row = until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#alert-list tr[data-rule=failure_rate]")));
    assertThat(row.getText()).contains("WARNING").contains("Failure rate").containsPattern("\\d+ of \\d+ attempts failed")
        .contains("threshold 10%");
    assertThat(row.findElement(By.cssSelector(".state")).getText()).isIn("firing", "resolved");
    shot("07-alerts");
    List<?> errors = (List<?>) browser.executeScript("return window.__errors || []");
    assertThat(errors).isEmpty();
  }

  @Test
  void a_waiting_task_shows_why_it_waits_in_its_detail() throws Exception {
    r = Running.start(dir);
    assertThat(r.postYaml("/api/v1/runs?run=waits", "submitter", Scenarios.WAITING_RUN).status()).isEqualTo(201);
    awaitState(r, "blocker", TaskState.RUNNING);
    signIn();
    until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#task-table tbody tr[data-id=after]"))).click();
    until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#why-pending ol.reasons li"), 2));
    List<WebElement> reasons = browser.findElements(By.cssSelector("#why-pending ol.reasons li"));
    assertThat(reasons).extracting(e -> e.getAttribute("data-kind")).containsExactly("dependency", "resource");
    assertThat(reasons.get(0).getText()).contains("waits for task 'blocker' to succeed");
    assertThat(reasons.get(1).getText()).contains("not enough cpu: needs 4 cores").contains("'agent-1'").contains("short by 1.40 cores");
    shot("08-why-pending");
    browser.findElement(By.cssSelector("#task-table tbody tr[data-id=blocker]")).click();
    until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#task-detail h3"), "blocker"));
    assertThat(browser.findElements(By.id("why-pending"))).as("a running task does not wait").isEmpty();
    List<?> errors = (List<?>) browser.executeScript("return window.__errors || []");
    assertThat(errors).isEmpty();
  }

  private void signIn() {
    browser.get(r.base() + "/");
    until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input"))).sendKeys("admin-token");
    browser.findElement(By.id("token-save")).click();
    until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "admin"));
  }

  /** Waits for a condition; on timeout the page's script errors join the message. */
  private <T> T until(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
    try {
      return wait.until(condition);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(e.getMessage() + "\npage errors: " + browser.executeScript("return window.__errors"), e);
    }
  }

  private void shot(String name) throws IOException {
    Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
