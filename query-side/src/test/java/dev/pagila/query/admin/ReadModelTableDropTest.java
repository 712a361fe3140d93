package dev.pagila.query.admin;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.stack.EmbeddedStack;
import dev.pagila.stack.Ports;
import dev.pagila.stack.StackEndpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code DELETE /admin/read-model/tables/{table}} on the query side in-process, against DynamoDB Local holding the
 * read model's tables beside other tables of the same account: an old version of the read model goes, the active one
 * and every table that is not the read model's stay.
 */
@SpringBootTest(properties = "pagila.warm-up.enabled=false")
@DirtiesContext
class ReadModelTableDropTest {

    @TempDir
    static Path data;
    static EmbeddedStack stack;

    @Autowired
    AdminController admin;
    @Autowired
    DynamoDbClient dynamoDb;

    private MockMvc api;

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        StackEndpoints endpoints = new StackEndpoints(Ports.anyFree(), "pagila", Ports.anyFree(), Ports.anyFree(), "Films_v1");
        stack = EmbeddedStack.start(endpoints, data, false);
        registry.add("spring.datasource.url", endpoints::jdbcUrl);
        registry.add("spring.data.redis.url", endpoints::redisUrl);
        registry.add("pagila.dynamodb.endpoint", () -> endpoints.dynamoDbEndpoint().toString());
        registry.add("pagila.dynamodb.table", endpoints::filmsTable);
        registry.add("server.port", () -> 0);
    }

    @AfterAll
    static void stopStores() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void api() {
        api = MockMvcBuilders.standaloneSetup(admin).build();
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
