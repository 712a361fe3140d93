package dev.pagila.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The film catalogue from a command to a query, through both apps as processes on the embedded stores. */
@ExtendWith(ServedPlatform.class)
class CatalogueIT {

    private final PlatformDriver driver;

    CatalogueIT(PlatformDriver driver) {
        this.driver = driver;
    }

    @Test
    void theImportedSampleIsServedWithItsCastAndCategories() throws Exception {
        HttpResponse<String> film = driver.get(driver.platform().queryApi() + "/api/films/1");

        assertThat(film.statusCode()).isEqualTo(200);
        JsonNode academyDinosaur = driver.json.readTree(film.body());
        assertThat(academyDinosaur.get("title").asText()).isEqualTo("ACADEMY DINOSAUR");
        assertThat(academyDinosaur.get("specialFeatures")).extracting(JsonNode::asText)
                .containsExactly("Deleted Scenes", "Behind the Scenes");
        assertThat(academyDinosaur.get("cast").findValuesAsText("lastName")).hasSize(10).contains("GUINESS", "GABLE");
        assertThat(academyDinosaur.get("categories").findValuesAsText("name")).containsExactly("Documentary");
    }

    /** A public answer served from Redis before the stack carries the headers the whole stack writes. */
    @Test
    void aCachedPublicAnswerCarriesTheSameHeadersAsOneThroughTheWholeStack() throws Exception {
        for (String path : List.of("/api/films/1", "/api/films/1/in-stock?storeId=1")) {
            String url = driver.platform().queryApi() + path;
            driver.get(url); // in the cache from here on, whatever ran before
            HttpResponse<String> fromTheCache = driver.get(url);
            HttpResponse<String> throughTheStack = driver.http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Cache-Control", "no-cache").GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(fromTheCache.body()).isEqualTo(throughTheStack.body());
            assertThat(headersBut(fromTheCache, "date", "content-length", "transfer-encoding"))
                    .isEqualTo(headersBut(throughTheStack, "date", "content-length", "transfer-encoding"));
        }
    }

    private static Map<String, List<String>> headersBut(HttpResponse<String> response, String... left) {
        Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
        List.of(left).forEach(headers::remove);
        return headers;
    }

    @Test
    void aRegisteredFilmIsReadableFromTheQueryApi() throws Exception {
        HttpResponse<String> created = driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode receipt = driver.json.readTree(created.body());
        int id = receipt.get("id").asInt();
        assertThat(id).isGreaterThan(1000); // new ids start above every Pagila id
        assertThat(created.headers().firstValue("Location")).hasValue("/api/films/" + id);

        JsonNode film = driver.getJson("/api/films/" + id + "?minPosition=" + receipt.get("position").asLong() + "&maxWaitMillis=30000");
        assertThat(film.get("title").asText()).isEqualTo("ACADEMY DINOSAUR");
        assertThat(film.get("rentalRate").decimalValue()).isEqualByComparingTo("0.99");
        assertThat(film.get("replacementCost").decimalValue()).isEqualByComparingTo("20.99");
        assertThat(film.get("rating").asText()).isEqualTo("PG");
        assertThat(film.get("specialFeatures")).extracting(JsonNode::asText).containsExactly("Deleted Scenes", "Behind the Scenes");
        assertThat(film.get("position").asLong()).isGreaterThanOrEqualTo(receipt.get("position").asLong());
    }

    @Test
    void aReadAskingForTheRevisionsPositionSeesTheRevision() throws Exception {
        int film = driver.registerFilm("ACADEMY DINOSAUR").get("id").asInt();

        HttpResponse<String> revised = driver.put("/api/films/" + film,
                PlatformDriver.ACADEMY_DINOSAUR.replace("\"ACADEMY DINOSAUR\"", "\"ACADEMY DINOSAUR REMASTERED\""));

        assertThat(revised.statusCode()).isEqualTo(200);
        long position = driver.json.readTree(revised.body()).get("position").asLong();
        JsonNode read = driver.getJson("/api/films/" + film + "?minPosition=" + position + "&maxWaitMillis=30000");
        assertThat(read.get("title").asText()).isEqualTo("ACADEMY DINOSAUR REMASTERED");
        assertThat(read.get("position").asLong()).isEqualTo(position);
    }

    @Test
    void aCallerWithoutATokenWaitsForAPositionAtMostASecondAndIsToldToRetry() throws Exception {
        String notYetWritten = driver.platform().queryApi() + "/api/films/1?minPosition=" + (driver.lastPosition() + 1_000_000)
                + "&maxWaitMillis=30000";
        long started = System.nanoTime();
        HttpResponse<String> anonymous = driver.send("GET", notYetWritten, null, null);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(anonymous.statusCode()).isEqualTo(503);
        assertThat(anonymous.headers().firstValue("Retry-After")).isPresent();
        assertThat(waited).as("capped at 1 s whatever it asked for").isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        started = System.nanoTime();
        HttpResponse<String> signedIn = driver.send("GET", notYetWritten.replace("maxWaitMillis=30000", "maxWaitMillis=2500"), null,
                driver.mike().authorization());
        assertThat(signedIn.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a signed-in caller waits as long as it asks")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2400));
    }

    @Test
    void badInputGets400NamingTheFieldAndAppendsNothing() throws Exception {
        long eventsBefore = driver.eventCount();

        assertRefused(driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("\"title\": \"ACADEMY DINOSAUR\",", "")), "title");
        assertRefused(driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("\"rentalRate\": 0.99", "\"rentalRate\": -0.99")),
                "rentalRate");
        assertRefused(driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("\"rating\": \"PG\"", "\"rating\": \"X\"")), "rating");
        assertRefused(driver.post("/api/films", PlatformDriver.ACADEMY_DINOSAUR.replace("\"length\": 86", "\"length\": 8 6")), "length");
        assertRefused(driver.put("/api/films/1", PlatformDriver.ACADEMY_DINOSAUR.replace("\"title\": \"ACADEMY DINOSAUR\"",
                "\"title\": \"   \"")), "title");

        assertThat(driver.eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void unknownFilmsAre404OnBothApis() throws Exception {
        HttpResponse<String> revise = driver.put("/api/films/999999", PlatformDriver.ACADEMY_DINOSAUR);
        assertThat(revise.statusCode()).isEqualTo(404);
        assertThat(revise.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> read = driver.get(driver.platform().queryApi() + "/api/films/999999");
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(driver.json.readTree(read.body()).get("status").asInt()).isEqualTo(404);
    }

    private void assertRefused(HttpResponse<String> response, String field) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = driver.json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors").findValuesAsText("field")).contains(field);
    }
}
