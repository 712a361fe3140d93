package dev.pagila.query.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.infra.audit.AuditLog;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.query.support.EmbeddedStores;
import dev.pagila.stack.EmbeddedStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code DELETE /admin/read-model/tables/{table}} on the query side in-process, against DynamoDB Local holding the
 * read model's tables beside other tables of the same account: an old version of the read model goes, the active one
 * and every table that is not the read model's stay. The same context shows the audit log: what the signed-in
 * operator did through the admin API, done or refused, at {@code GET /admin/audit}.
 */
@SpringBootTest(properties = "pagila.warm-up.enabled=false")
@DirtiesContext
class ReadModelTableDropTest {

    @TempDir
    static Path data;
    static EmbeddedStack stack;

    static final String OPERATOR = "audit-operator";

    @Autowired
    WebApplicationContext context;
    @Autowired
    DynamoDbClient dynamoDb;

    private MockMvc api;

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

    /** The app's own MVC set-up, past its filters: the operator is the one Spring Security signed in from a token. */
    @BeforeEach
    void api() {
        api = MockMvcBuilders.webAppContextSetup(context).build();
        Jwt token = Jwt.withTokenValue("token").header("alg", "RS256").subject(OPERATOR).claim("roles", List.of("ADMIN")).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(token));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anOldVersionOfTheReadModelIsDropped() throws Exception {
        FilmsTable.createIfMissing(dynamoDb, "Films_v2");

        api.perform(delete("/admin/read-model/tables/Films_v2")).andExpect(status().isNoContent());

        assertThat(tables()).doesNotContain("Films_v2").contains("Films_v1");
    }

    @Test
    void everyOtherTableOfTheAccountIsRefusedAndKept() throws Exception {
        for (String other : new String[] {"Orders_v1", "Films_archive_v2", "Customers", "Films"}) {
            createTable(other);

            api.perform(delete("/admin/read-model/tables/{table}", other))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.type").value("urn:pagila:problem:invalid-request"))
                    .andExpect(jsonPath("$.errors[0].field").value("table"))
                    .andExpect(jsonPath("$.errors[0].message").value("'" + other + "' is not one of the read model's tables (Films_v<n>)"));

            assertThat(tables()).as(other).contains(other);
        }
    }

    @Test
    void theActiveTableIsRefusedAndKept() throws Exception {
        api.perform(delete("/admin/read-model/tables/Films_v1"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Films_v1 is the active table"));

        assertThat(tables()).contains("Films_v1");
    }

    @Test
    void aVersionThatDoesNotExistIsNotFound() throws Exception {
        api.perform(delete("/admin/read-model/tables/Films_v9")).andExpect(status().isNotFound());
    }

    @Test
    void theOperatorsActionsAreInTheAuditLogNewestFirstDoneOrRefused() throws Exception {
        FilmsTable.createIfMissing(dynamoDb, "Films_v3");
        api.perform(delete("/admin/read-model/tables/Films_v3")).andExpect(status().isNoContent());
        api.perform(delete("/admin/read-model/tables/Films_v1")).andExpect(status().isConflict());
        api.perform(post("/admin/cache/flush")).andExpect(status().isOk());

        String answer = api.perform(get("/admin/audit").param("limit", "3")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        JsonNode items = new ObjectMapper().readTree(answer).get("items");
        assertThat(items).hasSize(3);
        assertEntry(items.get(0), OperatorActions.FLUSH, null, AuditLog.DONE);
        assertEntry(items.get(1), OperatorActions.DROP, "Films_v1", AuditLog.REFUSED);
        assertThat(items.get(1).get("detail").asText()).isEqualTo("Films_v1 is the active table");
        assertEntry(items.get(2), OperatorActions.DROP, "Films_v3", AuditLog.DONE);
        assertThat(items.get(2).get("at").asText()).as("an ISO instant").matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void theAuditLogIsReadOneTo500EntriesAtATime() throws Exception {
        api.perform(get("/admin/audit")).andExpect(status().isOk()).andExpect(jsonPath("$.items").isArray());
        for (String limit : new String[] {"0", "501"}) {
            api.perform(get("/admin/audit").param("limit", limit))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.errors[0].field").value("limit"));
        }
    }

    private static void assertEntry(JsonNode entry, String action, String target, String outcome) {
        assertThat(entry.get("actor").asText()).isEqualTo(OPERATOR);
        assertThat(entry.get("action").asText()).isEqualTo(action);
        assertThat(entry.hasNonNull("target") ? entry.get("target").asText() : null).as(action).isEqualTo(target);
        assertThat(entry.get("outcome").asText()).as(action + " " + target).isEqualTo(outcome);
    }

    private java.util.List<String> tables() {
        return dynamoDb.listTables().tableNames();
    }

    /** A table of some other application in the same account, shaped like nothing of ours. */
    private void createTable(String name) {
        if (tables().contains(name)) {
            return;
        }
        dynamoDb.createTable(request -> request.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
    }
}
