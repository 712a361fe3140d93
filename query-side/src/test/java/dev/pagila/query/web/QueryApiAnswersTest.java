package dev.pagila.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.FilmRegisteredEvent;
import dev.pagila.kernel.catalog.LanguageId;
import dev.pagila.kernel.catalog.Rating;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.money.Money;
import dev.pagila.query.catalog.CatalogProjection;
import dev.pagila.query.support.EmbeddedStores;
import dev.pagila.stack.EmbeddedStack;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.pagila.query.support.Tracked.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The query API in-process: its OpenAPI document describes every answer from the endpoints' own return types, an
 * unknown id is a 404 problem wherever one is asked for, and a film detail hit answered before the stack is the same
 * answer, body and headers, as one through it.
 */
@SpringBootTest(properties = "pagila.warm-up.enabled=false")
@DirtiesContext
class QueryApiAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    static EmbeddedStack stack;

    @Autowired
    WebApplicationContext context;
    @Autowired
    CatalogProjection catalog;
    @Autowired
    FilterRegistrationBean<CachedHits> cachedHits;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        stack = EmbeddedStores.startFor(registry, data, "Films_v1");
    }

    @AfterAll
    static void stopStores() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void theOpenApiDocumentDescribesEveryAnswerByItsType() throws Exception {
        MockMvc api = MockMvcBuilders.webAppContextSetup(context).build();
        JsonNode paths = JSON.readTree(api.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString()).get("paths");

        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                for (Map.Entry<String, JsonNode> answer : operation.getValue().get("responses").properties()) {
                    JsonNode schema = answer.getValue().at("/content/*~1*/schema");
                    assertThat(schema.isMissingNode() || schema.has("$ref") || schema.has("additionalProperties"))
                            .as(operation.getKey() + " " + path.getKey() + " " + answer.getKey() + ": " + schema).isTrue();
                }
            }
        }
        Map<String, String> answers = Map.of("/api/films/{filmId}", "FilmView", "/api/films", "PageFilmListRow",
                "/api/categories", "ListingCategoryView", "/api/films/{filmId}/in-stock", "FilmStock",
                "/api/customers/{customerId}/rentals", "ListingRentalView", "/api/reports/sales-by-store", "ListingStoreSales");
        answers.forEach((path, type) -> assertThat(paths.at("/" + path.replace("/", "~1") + "/get/responses/200/content/*~1*/schema/$ref")
                .asText()).as(path).isEqualTo("#/components/schemas/" + type));
    }

    @Test
    void anUnknownIdIsA404ProblemWhereverOneIsAskedFor() throws Exception {
        MockMvc api = MockMvcBuilders.webAppContextSetup(context).build();
        Jwt token = Jwt.withTokenValue("token").header("alg", "RS256").subject("operator").claim("roles", List.of("ADMIN")).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(token));
        Map<MockHttpServletRequestBuilder, String> unknown = Map.ofEntries(
                Map.entry(get("/api/films/990"), "film 990"),
                Map.entry(get("/api/films/990").header("Cache-Control", "no-cache"), "film 990"),
                Map.entry(get("/api/films/990/in-stock").param("storeId", "9"), "store 9"),
                Map.entry(get("/api/actors/990"), "actor 990"),
                Map.entry(get("/api/actors/990/films"), "actor 990"),
                Map.entry(get("/api/categories/990/films"), "category 990"),
                Map.entry(get("/api/inventory/990"), "copy 990"),
                Map.entry(get("/api/customers/990"), "customer 990"),
                Map.entry(get("/api/customers/990/rentals"), "customer 990"),
                Map.entry(get("/api/customers/990/balance"), "customer 990"),
                Map.entry(get("/admin/processors/nothing"), "processing group nothing"),
                Map.entry(post("/admin/processors/nothing/replay"), "processing group nothing"),
                Map.entry(delete("/admin/dead-letters/catalog/nothing"), "dead letter nothing in catalog"),
                Map.entry(delete("/admin/read-model/tables/Films_v9"), "table Films_v9"));

        for (Map.Entry<MockHttpServletRequestBuilder, String> question : unknown.entrySet()) {
            MockHttpServletResponse answer = api.perform(question.getKey()).andReturn().getResponse();
            assertThat(answer.getStatus()).as(question.getValue()).isEqualTo(404);
            assertThat(answer.getContentType()).isEqualTo("application/problem+json");
            JsonNode problem = JSON.readTree(answer.getContentAsString());
            assertThat(problem.get("type").asText()).isEqualTo("urn:pagila:problem:not-found");
            assertThat(problem.get("detail").asText()).isEqualTo("no " + question.getValue() + " is known");
        }
    }

    @Test
    void aFilmDetailHitAnsweredBeforeTheStackIsTheAnswerThroughIt() throws Exception {
        catalog.on(new FilmRegisteredEvent(FilmId.of(7), new FilmDetails("ALAMO VIDEOTAPE", "A Epic Drama", 2006, LanguageId.of(1),
                null, 6, Money.of("0.99"), 86, Money.of("20.99"), Rating.G, List.of(SpecialFeature.DELETED_SCENES))), at(82));
        MockMvc api = MockMvcBuilders.webAppContextSetup(context)
                .addFilter(cachedHits.getFilter(), cachedHits.getUrlPatterns().toArray(String[]::new))
                .addFilter(context.getBean("springSecurityFilterChain", Filter.class))
                .build();
        MvcResult stack = api.perform(get("/api/films/7").header("Cache-Control", "no-cache")).andReturn();
        assertThat(api.perform(get("/api/films/7")).andReturn().getHandler()).as("a miss: the controller caches it").isNotNull();

        MvcResult cached = api.perform(get("/api/films/7")).andReturn();

        assertThat(cached.getHandler()).as("answered before Spring MVC").isNull();
        MockHttpServletResponse hit = cached.getResponse();
        MockHttpServletResponse throughTheStack = stack.getResponse();
        assertThat(hit.getStatus()).isEqualTo(throughTheStack.getStatus());
        assertThat(hit.getContentAsString()).isEqualTo(throughTheStack.getContentAsString());
        assertThat(headersBut(hit, "Content-Length")).isEqualTo(headersBut(throughTheStack, "Content-Length"))
                .containsKeys("Content-Type", "X-Content-Type-Options", "X-Frame-Options", "Cache-Control");
    }

    private static Map<String, List<String>> headersBut(MockHttpServletResponse response, String left) {
        Map<String, List<String>> headers = new TreeMap<>();
        response.getHeaderNames().stream().filter(name -> !name.equalsIgnoreCase(left))
                .forEach(name -> headers.put(name, response.getHeaders(name)));
        return headers;
    }
}
