package dev.pagila.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagila.stack.OperatorPassword;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator sees and does: the admin API, health and metrics, a Redis outage, and the console in a browser. */
@ExtendWith(ServedPlatform.class)
class OperationsIT {

    private static final int POISONED_CUSTOMER = 7;

    private final PlatformDriver driver;

    OperationsIT(PlatformDriver driver) {
        this.driver = driver;
    }

    @Test
    void theAdminApiNeedsAnAdminAndShowsEveryProcessorCaughtUp() throws Exception {
        HttpResponse<String> anonymous = driver.get(driver.platform().queryApi() + "/admin/processors");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(driver.json.readTree(anonymous.body()).get("type").asText()).isEqualTo("urn:pagila:problem:unauthorized");
        assertThat(driver.send("GET", driver.platform().queryApi() + "/admin/processors", null, "Bearer not-a-token").statusCode())
                .isEqualTo(401);
        HttpResponse<String> manager = driver.send("GET", driver.platform().queryApi() + "/admin/processors", null, driver.mike().authorization());
        assertThat(manager.statusCode()).as("a store manager is not an operator").isEqualTo(403);
        assertThat(driver.json.readTree(manager.body()).get("type").asText()).isEqualTo("urn:pagila:problem:forbidden");
        assertThat(driver.get(driver.platform().queryApi() + "/api/films/1").statusCode()).isEqualTo(200);

        driver.awaitEveryGroupCaughtUp(); // the last commands' events may still be on their way
        JsonNode processors = driver.json.readTree(driver.admin("GET", "/admin/processors").body()).get("items");

        assertThat(processors.findValuesAsText("name")).containsExactly("catalog", "inventory", "customers", "sales", "accounts");
        for (JsonNode processor : processors) {
            assertThat(processor.get("lagEvents").asLong()).as(processor.toString()).isZero();
            assertThat(processor.get("head").asLong()).isEqualTo(driver.lastPosition());
            assertThat(processor.get("segments")).isNotEmpty();
            assertThat(processor.get("deadLetters").asInt()).isZero();
        }
        assertThat(driver.json.readTree(driver.send("GET", driver.platform().queryApi() + "/actuator/health", null,
                driver.platform().operator().authorization()).body()).at("/components/dynamoDb/status").asText()).isEqualTo("UP");
        Instant lagDeadline = Instant.now().plusSeconds(15); // the lag gauge is refreshed every 5 s
        while (driver.metric("pagila.projection.lag.events", "group:sales") != 0) {
            assertThat(Instant.now()).as("the lag gauge reaches 0 once sales has caught up").isBefore(lagDeadline);
            Thread.sleep(500);
        }
        driver.getJson("/api/films/3");
        driver.getJson("/api/films/3");
        assertThat(driver.metric("pagila.cache.hit.ratio", null)).as("the second read was a hit").isPositive();
        assertThat(driver.get(driver.platform().commandApi() + "/actuator/metrics/pagila.command.latency").statusCode()).isEqualTo(401);
        assertThat(driver.send("GET", driver.platform().commandApi() + "/actuator/metrics/pagila.command.latency", null,
                driver.platform().operator().authorization()).statusCode()).isEqualTo(200);
        assertThat(driver.json.readTree(driver.send("GET", driver.platform().commandApi() + "/actuator/health", null,
                driver.platform().operator().authorization()).body()).at("/components/db/status").asText()).isEqualTo("UP");
        for (String api : List.of(driver.platform().queryApi(), driver.platform().commandApi())) {
            JsonNode unsigned = driver.json.readTree(driver.get(api + "/actuator/health").body());
            assertThat(unsigned.get("status").asText()).isEqualTo("UP");
            assertThat(unsigned.has("components")).as("an anonymous caller learns only whether it is up").isFalse();
            JsonNode staff = driver.json.readTree(driver.send("GET", api + "/actuator/health", null, driver.mike().authorization()).body());
            assertThat(staff.has("components")).as("nor does staff").isFalse();
        }
    }

    @Test
    void withRedisDownQueriesAnswerAndTheServiceSaysItIsDegradedUntilRedisReturns() throws Exception {
        driver.platform().stack().stopRedis();
        try {
            assertThat(driver.getJson("/api/films/1").get("title").asText()).isEqualTo("ACADEMY DINOSAUR");
            assertThat(driver.getJson("/api/reports/sales-by-store").get("items")).hasSize(2);
            HttpResponse<String> health = driver.get(driver.platform().queryApi() + "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(driver.json.readTree(health.body()).get("status").asText()).isEqualTo("DEGRADED");
        } finally {
            driver.platform().stack().startRedis();
        }
        Thread.sleep(1_500); // the cache leaves Redis alone for a second after a failure
        driver.getJson("/api/films/2");
        double hits = driver.metric("pagila.cache.requests", "result:hit");
        driver.getJson("/api/films/2");
        assertThat(driver.metric("pagila.cache.requests", "result:hit")).isEqualTo(hits + 1);
        assertThat(driver.json.readTree(driver.get(driver.platform().queryApi() + "/actuator/health").body()).get("status").asText()).isEqualTo("UP");
    }

    /**
     * The operations console in a real browser: the operator signs in, sees every group live, replays customers after
     * reading what the replay will do, watches it reach the head, finds a poison event in dead letters, retries it once
     * its cause is fixed, and finds those actions in the audit log; without a token, or with a staff token, the
     * console shows nothing.
     */
    @Test
    void theOperationsConsoleShowsTheGroupsReplaysRetriesAndAuditsInABrowser() throws Exception {
        String console = driver.platform().queryApi() + "/console";
        HttpResponse<String> anonymousData = driver.send("GET", console + "/projections", null, null);
        assertThat(anonymousData.statusCode()).as("no token: sent to sign in").isEqualTo(302);
        assertThat(anonymousData.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in");
        String staffToken = driver.mike().authorization().substring("Bearer ".length());
        for (String path : List.of("", "/projections", "/audit", "/dead-letters")) {
            HttpResponse<String> staff = driver.sendWithCookie("GET", console + path, "pagila_console=" + staffToken);
            assertThat(staff.statusCode()).as("a manager's token on " + path).isEqualTo(403);
            assertThat(staff.body()).doesNotContain("customers").doesNotContain("position");
        }

        try (Browser browser = Browser.headless(Path.of("target", "console-screenshots"))) {
            var web = browser.web;
            var wait = new org.openqa.selenium.support.ui.WebDriverWait(web, Duration.ofSeconds(60));
            web.get(console);
            assertThat(web.getCurrentUrl()).endsWith("/console/sign-in");
            browser.screenshot("sign-in");
            browser.signInToConsole(driver.platform().queryApi(), OperatorPassword.USERNAME,
                    OperatorPassword.forDataDirectory(driver.options().dataDirectory()));
            assertThat(web.manage().getCookieNamed("pagila_console").isHttpOnly()).as("no script reads the token").isTrue();
            assertThat((Object) web.executeScript("return JSON.stringify(window.localStorage)")).isEqualTo("{}");

            for (String group : List.of("catalog", "inventory", "customers", "sales", "accounts")) {
                wait.until(page -> "0".equals(browser.text("#group-" + group + " .lag")) && "live".equals(browser.text("#group-" + group + " .state")));
            }
            browser.screenshot("projections");

            new org.openqa.selenium.support.ui.Select(web.findElement(By.id("replay-group"))).selectByValue("customers");
            web.findElement(By.id("replay-review")).click();
            wait.until(page -> !page.findElements(By.id("replay-confirm")).isEmpty());
            long head = driver.processor("customers").path("head").asLong();
            assertThat(web.findElement(By.cssSelector("#replay-outcome .events")).getText().replace(",", ""))
                    .as("the confirmation says how many events are applied again").isEqualTo(Long.toString(head));
            assertThat(web.findElement(By.id("replay-consequence")).getText()).contains("is deleted and written again");
            browser.screenshot("replay-confirmation", "replay");
            web.findElement(By.id("replay-confirm")).click();
            wait.until(page -> browser.text("#replay-progress").contains("has caught up with the head"));
            assertThat(driver.processor("customers").path("lagEvents").asLong()).isZero();

            String poisoned = poisonACustomerEvent();
            wait.until(page -> browser.count("#letters-customers .dead-letter") > 0);
            browser.screenshot("dead-letters", "dead-letters");
            restorePayload(poisoned);
            web.findElement(By.id("retry-customers")).click();
            wait.until(page -> browser.count("#letters-customers .dead-letter") == 0);

            wait.until(page -> browser.text("#audit-log").contains("replay") && browser.text("#audit-log").contains("dead-letter-retry"));
            assertThat(browser.text("#audit-log")).contains(OperatorPassword.USERNAME).contains("customers");
            browser.screenshot("audit-log", "audit");

            web.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            assertThat((Long) web.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                    .as("nothing wider than a phone's screen").isLessThanOrEqualTo(0L);
            browser.screenshot("phone");

            web.findElement(By.cssSelector(".sign-out button")).click();
            wait.until(page -> page.getCurrentUrl().endsWith("/console/sign-in"));
            web.get(console);
            assertThat(web.getCurrentUrl()).as("signed out: no console").endsWith("/console/sign-in");
        }
    }

    /**
     * Deactivates a customer, then appends a copy of that deactivation whose payload cannot be read, as a bug in an event's format would
     * leave it: the customers projection parks it. Answers its event id.
     */
    private String poisonACustomerEvent() throws Exception {
        HttpResponse<String> deactivated = driver.post("/api/customers/" + POISONED_CUSTOMER + "/deactivate", null);
        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(200);
        try (Connection admin = driver.platform().stack().adminDataSource().getConnection();
             java.sql.PreparedStatement insert = admin.prepareStatement("""
                     INSERT INTO events.domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                         time_stamp, payload_type, payload_revision, payload, meta_data)
                     SELECT ?, 'poisoned-' || aggregate_identifier, 0, type, time_stamp, payload_type, payload_revision,
                            convert_to('{"customerId": ', 'UTF8'), meta_data
                     FROM events.domain_event_entry
                     WHERE payload_type = 'dev.pagila.kernel.customers.CustomerDeactivatedEvent'
                       AND aggregate_identifier = 'customer-' || ?""")) {
            String eventId = java.util.UUID.randomUUID().toString();
            insert.setString(1, eventId);
            insert.setInt(2, POISONED_CUSTOMER);
            assertThat(insert.executeUpdate()).as("a customer deactivation to copy").isEqualTo(1);
            return eventId;
        }
    }

    /** The fix: the poisoned event's payload repaired where it is kept, in the event store and in its dead letter. */
    private void restorePayload(String eventId) throws Exception {
        try (Connection admin = driver.platform().stack().adminDataSource().getConnection();
             java.sql.PreparedStatement fix = admin.prepareStatement("""
                     UPDATE events.domain_event_entry poisoned SET payload = original.payload
                     FROM events.domain_event_entry original
                     WHERE poisoned.event_identifier = ? AND original.aggregate_identifier = substring(poisoned.aggregate_identifier, 10)
                       AND original.payload_type = poisoned.payload_type""");
             java.sql.PreparedStatement fixLetter = admin.prepareStatement("""
                     UPDATE projections.dead_letter_entry SET payload = fixed.payload
                     FROM events.domain_event_entry fixed
                     WHERE dead_letter_entry.event_identifier = ? AND fixed.event_identifier = dead_letter_entry.event_identifier""")) {
            fix.setString(1, eventId);
            assertThat(fix.executeUpdate()).isEqualTo(1);
            fixLetter.setString(1, eventId);
            assertThat(fixLetter.executeUpdate()).isEqualTo(1);
        }
    }
}
