package dev.rung.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rung.experiments.ExperimentsTest;
import dev.rung.support.IntegrationTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A reader opens the dashboard of a running simulated experiment in Debian's headless Chromium and
 * sees, per day and arm, the readout's numbers drawn as charts, the stop-loss marked on them, the
 * interval table and the spend page. Screenshots go to {@code target/dashboard/}. Needs {@code
 * /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian's chromium and chromium-driver
 * packages; {@code .ci/run} installs them), or another Chromium build named by {@code
 * CHROMIUM_BINARY} and {@code CHROMEDRIVER_BINARY}.
 */
class DashboardBrowserTest extends IntegrationTest {

    static final Path CHROMIUM =
            Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "dashboard");
    static final List<String> CHARTS =
            List.of("cost-per-success", "pass-rate", "p95-latency", "escalation-rate");

    WebDriver browser;
    String experimentId;

    @BeforeEach
    void openBrowser() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing =
                "Debian's chromium and chromium-driver are not installed: apt-get install chromium"
                        + " chromium-driver";
        // CI (.ci/run) installs them and sets RUNG_REQUIRE_BROWSER: there the test fails rather
        // than skip; on a developer's machine without them it is skipped, and says why.
        if (Boolean.parseBoolean(System.getenv("RUNG_REQUIRE_BROWSER"))) {
            assertThat(installed).as(missing).isTrue();
        }
        assumeTrue(installed, missing);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // Without the background-networking flags Chromium keeps calling Google's hosts, which a
        // closed network refuses.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,2200",
                "--user-data-dir=" + Files.createTempDirectory("rung-chromium"));
        ChromeDriverService driver =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        browser = new ChromeDriver(driver, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (experimentId != null) {
            post("/v1/experiments/" + experimentId + "/stop", "{}");
        }
        resetSimulator();
    }

    @Test
    void aReaderSeesTheExperimentPerDayAndArmWithTheStopLossMarked() throws IOException {
        JsonNode readout = runExperimentOverThreeDays();

        browser.get("http://localhost:" + port + "/dashboard");
        browser.findElement(By.id("api-key")).sendKeys(DEV_KEY);
        browser.findElement(By.cssSelector("#key-entry button")).click();
        waitFor(By.cssSelector("tr[data-experiment='" + experimentId + "'] a")).click();
        for (String chart : CHARTS) {
            waitFor(By.cssSelector("#chart-" + chart + "[data-points]"));
        }

        for (String chart : CHARTS) {
            WebElement container = browser.findElement(By.id("chart-" + chart));
            assertThat(container.getAttribute("data-points")).as(chart).isEqualTo("6");
            assertThat(container.getAttribute("data-stop-loss-marks")).as(chart).isEqualTo("1");
            assertThat(drawnPixels(container))
                    .as(chart + " drew on its canvas")
                    .isGreaterThan(1_000);
        }
        assertThat(series("cost-per-success", "treatment"))
                .containsExactlyElementsOf(daily(readout, "treatment", "costPerSuccessUsd"));
        assertThat(series("pass-rate", "control"))
                .containsExactlyElementsOf(daily(readout, "control", "passRate"));
        assertThat(series("pass-rate", "treatment"))
                .containsExactlyElementsOf(daily(readout, "treatment", "passRate"));
        assertThat(series("cost-per-success", "treatment"))
                .as("the cost per success moves from day to day")
                .doesNotHaveDuplicates();
        assertThat(series("pass-rate", "control"))
                .as("the control's pass rate is below 100% on some day")
                .anySatisfy(rate -> assertThat(rate).isLessThan(1.0));
        // The effect as it stood at the end of each hour of the first three days (the 90 tasks ran
        // within a minute or two: one hour, rarely two), then of each day; the last point is the
        // whole experiment's.
        List<JsonNode> effect = new java.util.ArrayList<>();
        readout.path("effectOverTime")
                .forEach(
                        p -> {
                            if (p.path("metric").asString().equals("passRate")) effect.add(p);
                        });
        assertThat(effect.size()).isBetween(3, 4);
        assertThat(effect.subList(0, effect.size() - 2))
                .allSatisfy(p -> assertThat(p.path("hour").isInt()).isTrue());
        assertThat(effect.subList(effect.size() - 2, effect.size()))
                .allSatisfy(p -> assertThat(p.path("hour").isNull()).isTrue());
        JsonNode passRate = readout.path("comparisons").get(0).path("absolute");
        assertThat(effect.getLast().path("estimate").asDouble())
                .isCloseTo(passRate.path("estimate").asDouble(), within(1e-12));
        assertThat(effect.getLast().path("ciLow").asDouble())
                .isCloseTo(passRate.path("ciLow").asDouble(), within(1e-12));
        WebElement effectChart = waitFor(By.cssSelector("#chart-effect[data-points]"));
        assertThat(effectChart.getAttribute("data-points"))
                .isEqualTo(String.valueOf(effect.size()));
        assertThat(browser.findElements(By.cssSelector("#intervals tbody tr"))).hasSize(3);
        List<String> verdicts = new java.util.ArrayList<>();
        readout.path("comparisons").forEach(c -> verdicts.add(c.path("verdict").asString()));
        assertThat(browser.findElements(By.cssSelector("#intervals tbody td.verdict")))
                .extracting(WebElement::getText)
                .as("the verdict per metric, as the readout gives it")
                .containsExactlyElementsOf(verdicts);
        assertThat(browser.findElement(By.id("experiment-status")).getText()).isEqualTo("paused");
        assertThat(browser.findElement(By.id("provider")).getText()).contains("Simulated");
        assertThat(csvFromPage()).startsWith("day,arm");
        screenshot("experiment.png");

        browser.get("http://localhost:" + port + "/dashboard/#/spend");
        WebElement spend = waitFor(By.cssSelector("#chart-spend[data-points]"));
        assertThat(Integer.parseInt(spend.getAttribute("data-points"))).isPositive();
        assertThat(drawnPixels(spend)).isGreaterThan(1_000);
        assertThat(browser.findElement(By.id("spend")).getText())
                .contains("lead-classification", "gpt-5.4-nano", "simulated");
        screenshot("spend.png");
    }

    @Test
    void aReaderSeesWhatEachCheckCaughtAndWhatEachThresholdWouldDo() throws IOException {
        simulatorFaults(Map.of("gpt-5.4-nano", Map.of("wrong", 0.3, "ruleViolation", 0.2)));
        String name = "checks-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 40; i++) {
            String taskId =
                    body(post("/v1/tasks/lead-classification", ExperimentsTest.lead(name, i)))
                            .path("taskId")
                            .asString();
            post(
                    "/v1/tasks/" + taskId + "/feedback",
                    "{\"correct\":{\"label\":\"sales-ready\"},\"reviewer\":\"dana\"}");
        }
        JsonNode report =
                body(get("/v1/task-types/lead-classification/check-quality")).path("rungs").get(0);

        browser.get("http://localhost:" + port + "/dashboard");
        browser.findElement(By.id("api-key")).sendKeys(DEV_KEY);
        browser.findElement(By.cssSelector("#key-entry button")).click();
        waitFor(By.cssSelector("body[data-page='experiments']"));
        browser.get(
                "http://localhost:" + port + "/dashboard/#/checks?type=lead-classification&days=7");
        WebElement thresholds = waitFor(By.cssSelector("#chart-thresholds-1[data-points]"));

        assertThat(thresholds.getAttribute("data-points")).isEqualTo("10");
        assertThat(drawnPixels(thresholds)).isGreaterThan(1_000);
        List<WebElement> firstRung =
                browser.findElements(By.cssSelector("#check-rungs tbody tr:first-child td"));
        assertThat(firstRung.get(0).getText()).isEqualTo("1");
        assertThat(firstRung.get(4).getText())
                .as("wrong answers caught, as the API counts them")
                .endsWith(shown(report.path("wrongCaught")));
        assertThat(firstRung.get(6).getText()).endsWith(shown(report.path("acceptedAccuracy")));
        assertThat(browser.findElement(By.id("checks")).getText())
                .contains("rule_failed", "low_confidence");
        screenshot("check-quality.png");
    }

    @Test
    void anAnalystReadsAReplayBesideWhatWasServed() throws IOException {
        java.time.Instant from = java.time.Instant.now().minusMillis(5);
        String name = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 12; i++) {
            post("/v1/tasks/lead-classification", ExperimentsTest.lead(name, i));
        }
        java.time.Instant to = java.time.Instant.now().plusMillis(5);
        String id =
                body(post(
                                "/v1/replays",
                                """
                                {"taskType":"lead-classification","policy":"mini-only","tier":"B","from":"%s","to":"%s","spendCapUsd":1}\
                                """
                                        .formatted(from, to)))
                        .path("id")
                        .asString();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                !body(get("/v1/replays/" + id))
                                        .path("status")
                                        .asString()
                                        .equals("running"));
        JsonNode readout = body(get("/v1/replays/" + id + "/readout"));

        browser.get("http://localhost:" + port + "/dashboard");
        browser.findElement(By.id("api-key")).sendKeys(DEV_KEY);
        browser.findElement(By.cssSelector("#key-entry button")).click();
        waitFor(By.cssSelector("body[data-page='experiments']"));
        browser.get("http://localhost:" + port + "/dashboard/#/replays");
        waitFor(By.cssSelector("tr[data-replay='" + id + "'] a")).click();
        WebElement arms = waitFor(By.cssSelector("#replay-arms tbody"));

        List<WebElement> rows = arms.findElements(By.tagName("tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).startsWith("served");
        assertThat(rows.get(1).getText())
                .startsWith("replay mini-only")
                .contains(shown(readout.path("arms").get(1).path("passRate")));
        assertThat(browser.findElement(By.id("replay-agreement")).getText())
                .contains(shown(readout.path("agreement")));
        assertThat(browser.findElement(By.id("replay-status")).getText()).isEqualTo("completed");
        screenshot("replay.png");
    }

    @Test
    void anAnalystReadsARouterBesideThePoliciesItShouldBeat() throws IOException {
        put(
                "/v1/admin/simulator/scenario/hard-inputs",
                """
                {"rule":%s,"faults":{"gpt-5.4-nano":{"ruleViolation":0.9}}}\
                """
                        .formatted(dev.rung.support.LeadMix.HARD_RULE));
        String batch = UUID.randomUUID().toString().substring(0, 8);
        java.time.Instant trainFrom = java.time.Instant.now();
        for (int i = 0; i < 60; i++) {
            post("/v1/tasks/lead-classification", dev.rung.support.LeadMix.lead(batch, i));
        }
        java.time.Instant holdoutFrom = java.time.Instant.now();
        for (int i = 60; i < 80; i++) {
            post("/v1/tasks/lead-classification", dev.rung.support.LeadMix.lead(batch, i));
        }
        java.time.Instant holdoutTo = java.time.Instant.now();
        String name = "dashboard-" + batch;
        post(
                "/v1/routers",
                """
                {"name":"%s","taskType":"lead-classification","trainFrom":"%s","trainTo":"%s",
                 "holdoutFrom":"%s","holdoutTo":"%s","spendCapUsd":1}\
                """
                        .formatted(name, trainFrom, holdoutFrom, holdoutFrom, holdoutTo));
        JsonNode router =
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .until(
                                () -> body(get("/v1/routers/" + name)),
                                r -> r.path("status").asString().equals("evaluated"));

        browser.get("http://localhost:" + port + "/dashboard");
        browser.findElement(By.id("api-key")).sendKeys(DEV_KEY);
        browser.findElement(By.cssSelector("#key-entry button")).click();
        waitFor(By.cssSelector("body[data-page='experiments']"));
        browser.get("http://localhost:" + port + "/dashboard/#/routers");
        WebElement section =
                waitFor(By.cssSelector("section[data-router='learned:" + name + "@1']"));

        assertThat(section.findElement(By.cssSelector(".status")).getText()).isEqualTo("evaluated");
        List<WebElement> rows = section.findElements(By.cssSelector("tbody tr"));
        assertThat(rows)
                .extracting(row -> row.getAttribute("data-role"))
                .containsExactly("router", "base", "compared");
        JsonNode learned = router.path("evaluation").path("policies").get(0);
        assertThat(rows.get(0).getText())
                .startsWith("learned:" + name + "@1 router completed")
                .contains(
                        String.format(
                                java.util.Locale.US,
                                "%.1f%%",
                                learned.path("passRate").asDouble() * 100));
        screenshot("routers.png");
    }

    @Test
    void aRevOpsEngineerWatchesABulkJobUntilItEnds() throws IOException {
        simulatorFaults(java.util.Map.of());
        put("/v1/admin/simulator/scenario/batches", "{\"inProgressFor\": \"PT3S\"}");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String leads =
                java.util.stream.IntStream.range(0, 5)
                        .mapToObj(i -> dev.rung.support.LeadMix.lead(run, i).replace("\n", ""))
                        .collect(java.util.stream.Collectors.joining("\n"));
        String id =
                body(send(
                                java.net.http.HttpRequest.newBuilder(
                                                uri("/v1/jobs/lead-classification"))
                                        .header("X-API-Key", DEV_KEY)
                                        .header("Content-Type", "application/x-ndjson")
                                        .POST(
                                                java.net.http.HttpRequest.BodyPublishers.ofString(
                                                        leads))
                                        .build()))
                        .path("id")
                        .asString();

        browser.get("http://localhost:" + port + "/dashboard");
        browser.findElement(By.id("api-key")).sendKeys(DEV_KEY);
        browser.findElement(By.cssSelector("#key-entry button")).click();
        waitFor(By.cssSelector("body[data-page='experiments']"));
        browser.get("http://localhost:" + port + "/dashboard/#/jobs");
        WebElement open = waitFor(By.cssSelector("tr[data-job='" + id + "']"));
        assertThat(open.findElement(By.cssSelector(".status")).getText())
                .isIn("preparing", "waiting");

        // The page refreshes itself while the job is open.
        WebElement done = waitFor(By.cssSelector("tr[data-job='" + id + "'] td.status.completed"));
        assertThat(done.findElement(By.xpath("..")).getText()).contains("5 / 5");
        screenshot("jobs.png");
    }

    /** "count/of" as the page writes them, in en-US digits ("1,957/2,102"). */
    private static String shown(JsonNode proportion) {
        return String.format(
                java.util.Locale.US,
                "%,d/%,d",
                proportion.path("count").asLong(),
                proportion.path("of").asLong());
    }

    @Test
    void aRefusedKeyBringsBackTheKeyFormWithTheReason() {
        browser.get("http://localhost:" + port + "/dashboard");
        browser.findElement(By.id("api-key")).sendKeys("not-a-key");
        browser.findElement(By.cssSelector("#key-entry button")).click();
        WebElement error =
                new WebDriverWait(browser, Duration.ofSeconds(20))
                        .until(
                                b -> {
                                    WebElement e = b.findElement(By.id("key-error"));
                                    return e.getText().isEmpty() ? null : e;
                                });
        assertThat(error.getText()).contains("API key");
        assertThat(browser.findElement(By.id("view")).getText()).isEmpty();
    }

    /**
     * 90 leads through a nano-first experiment, a third of the tasks moved four days back and a
     * third eight: the effect is drawn by the hour in the first three days (here one hour of the
     * eighth day back), then by the day.
     */
    private JsonNode runExperimentOverThreeDays() {
        // mini fails one rule in five: over the control's 45 or so tasks some fail (at one in ten,
        // about one run in a hundred saw none).
        simulatorFaults(
                Map.of(
                        "gpt-5.4-nano",
                        Map.of("ruleViolation", 0.15, "lowConfidence", 0.1),
                        "gpt-5.4-mini",
                        Map.of("ruleViolation", 0.2)));
        String name = "dashboard-" + UUID.randomUUID().toString().substring(0, 8);
        experimentId =
                body(post(
                                "/v1/experiments",
                                """
                                {"name":"%s","taskType":"lead-classification","controlPolicy":"mini-only","treatmentPolicy":"nano-first"}\
                                """
                                        .formatted(name)))
                        .path("id")
                        .asString();
        post("/v1/experiments/" + experimentId + "/start", "{}");
        for (int i = 0; i < 90; i++) {
            post("/v1/tasks/lead-classification", ExperimentsTest.lead(name, i));
        }
        jdbc.sql(
                        """
                        update task set created_at = created_at - (abs(hashtext(id::text)) % 3) * interval '4 days'
                         where experiment_id = ?::uuid\
                        """)
                .param(experimentId)
                .update();
        // The service never moves a task in time; its readout rollups are rebuilt from the moved
        // rows.
        jdbc.sql("select readout_rollup_rebuild(?::uuid)").param(experimentId).query().listOfRows();
        post("/v1/experiments/" + experimentId + "/pause", "{\"reason\":\"checked by hand\"}");
        JsonNode readout = body(get("/v1/experiments/" + experimentId + "/readout"));
        assertThat(readout.path("days")).hasSize(3);
        return readout;
    }

    private static List<Double> daily(JsonNode readout, String arm, String field) {
        return readout.path("days")
                .valueStream()
                .map(
                        day ->
                                day.path("arms")
                                        .valueStream()
                                        .filter(a -> a.path("arm").asString().equals(arm))
                                        .findFirst()
                                        .map(a -> a.path(field).asDouble())
                                        .orElseThrow())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private List<Double> series(String chart, String arm) {
        List<Object> values =
                (List<Object>)
                        ((JavascriptExecutor) browser)
                                .executeScript(
                                        """
                                        const option = echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption();
                                        return option.series.find(s => s.name === arguments[1]).data;\
                                        """,
                                        "chart-" + chart,
                                        arm);
        return values.stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    /**
     * How many pixels of the chart's canvas are not blank: a chart with axes, lines and labels
     * draws thousands.
     */
    private long drawnPixels(WebElement container) {
        Object count =
                ((JavascriptExecutor) browser)
                        .executeScript(
                                """
                                const canvas = arguments[0].querySelector('canvas');
                                if (!canvas) return 0;
                                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                                let drawn = 0;
                                for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) drawn++;
                                return drawn;\
                                """,
                                container);
        return ((Number) count).longValue();
    }

    private String csvFromPage() {
        return (String)
                ((JavascriptExecutor) browser)
                        .executeAsyncScript(
                                """
                                const done = arguments[arguments.length - 1];
                                api('/v1/experiments/' + arguments[0] + '/readout', 'text/csv').then(b => b.text()).then(done, e => done(String(e)));\
                                """,
                                experimentId);
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(
                        b -> {
                            List<WebElement> found = b.findElements(locator);
                            return found.isEmpty() ? null : found.getFirst();
                        });
    }

    private void screenshot(String name) throws IOException {
        Files.write(
                SCREENSHOTS.resolve(name),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
