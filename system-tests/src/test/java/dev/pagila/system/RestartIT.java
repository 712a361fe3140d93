package dev.pagila.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform's stores and processes stopped and started again: what is acknowledged or projected stays. */
@ExtendWith(ServedPlatform.class)
class RestartIT {

    private final PlatformDriver driver;

    RestartIT(PlatformDriver driver) {
        this.driver = driver;
    }

    /**
     * Also: the query side says it is up only once it answers at its warm speed, so after a restart (Redis starts
     * empty) the hot questions are answered from the cache already.
     */
    @Test
    void theQueryApiAnswersWithPostgresStoppedAndARestartKeepsEveryEventAndItemAndWarmsTheCache() throws Exception {
        JsonNode receipt = driver.registerFilm("KEPT ACROSS A RESTART");
        int film = receipt.get("id").asInt();
        driver.getJson("/api/films/" + film + "?minPosition=" + receipt.get("position").asLong() + "&maxWaitMillis=30000");

        driver.platform().stack().stopPostgres();
        try {
            HttpResponse<String> read = driver.get(driver.platform().queryApi() + "/api/films/" + film);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(driver.json.readTree(read.body()).get("title").asText()).isEqualTo("KEPT ACROSS A RESTART");
        } finally {
            driver.restart(); // PostgreSQL starts again with the platform
        }

        double misses = driver.metric("pagila.cache.requests", "result:miss");
        for (String hot : List.of("/api/films/7", "/api/films/7/in-stock?storeId=2", "/api/films?category=3", "/api/customers",
                "/api/customers/130/balance", "/api/reports/sales-by-store")) {
            driver.getJson(hot);
        }
        assertThat(driver.metric("pagila.cache.requests", "result:miss")).as("hot questions missed after the start").isEqualTo(misses);

        assertThat(driver.metric("pagila.projection.events", "outcome:applied")).as("the kept read model is not projected again").isZero();
        assertThat(driver.getJson("/api/films/" + film).get("title").asText()).isEqualTo("KEPT ACROSS A RESTART");
        assertThat(driver.registerFilm("REGISTERED AFTER THE RESTART").get("id").asInt()).isGreaterThan(film);
    }
}
