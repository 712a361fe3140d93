package dev.pagila.infra.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The single {@code Films} table. Its definition lives once, in {@code dynamodb/films-table.json} (the
 * AWS CLI's create-table input), so LocalStack's init hook and this class create the same table.
 * The physical name is versioned ({@code Films_v1}) so a rebuild can go blue/green.
 */
public final class FilmsTable {

    public static final String DEFAULT_NAME = "Films_v1";
    public static final String DEFINITION_RESOURCE = "/dynamodb/films-table.json";

    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String GSI1 = "GSI1";
    public static final String GSI1_PK = "GSI1PK";
    public static final String GSI1_SK = "GSI1SK";
    public static final String GSI2 = "GSI2";
    public static final String GSI2_PK = "GSI2PK";
    public static final String GSI2_SK = "GSI2SK";
    /** Global index of the last event applied to an item; every projection write is conditional on it. */
    public static final String POSITION = "position";

    private FilmsTable() {
    }

    public static CreateTableRequest createTableRequest(String tableName) {
        JsonNode definition = readDefinition();
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.fromValue(definition.path("BillingMode").asText("PAY_PER_REQUEST")))
                .attributeDefinitions(each(definition.path("AttributeDefinitions"), node -> AttributeDefinition.builder()
                        .attributeName(node.path("AttributeName").asText())
                        .attributeType(node.path("AttributeType").asText())
                        .build()))
                .keySchema(keySchema(definition.path("KeySchema")))
                .globalSecondaryIndexes(each(definition.path("GlobalSecondaryIndexes"), node -> GlobalSecondaryIndex.builder()
                        .indexName(node.path("IndexName").asText())
                        .keySchema(keySchema(node.path("KeySchema")))
                        .projection(Projection.builder()
                                .projectionType(node.path("Projection").path("ProjectionType").asText())
                                .build())
                        .build()))
                .build();
    }

    /** Creates the table unless it exists, and waits until it is active. Returns whether it created it. */
    public static boolean createIfMissing(DynamoDbClient dynamoDb, String tableName) {
        boolean created;
        try {
            dynamoDb.createTable(createTableRequest(tableName));
            created = true;
        } catch (ResourceInUseException alreadyThere) {
            created = false;
        }
        dynamoDb.waiter().waitUntilTableExists(request -> request.tableName(tableName));
        return created;
    }

    private static List<KeySchemaElement> keySchema(JsonNode elements) {
        return each(elements, node -> KeySchemaElement.builder()
                .attributeName(node.path("AttributeName").asText())
                .keyType(node.path("KeyType").asText())
                .build());
    }

    private static <T> List<T> each(JsonNode array, Function<JsonNode, T> mapper) {
        List<T> result = new ArrayList<>();
        array.forEach(node -> result.add(mapper.apply(node)));
        return result;
    }

    private static JsonNode readDefinition() {
        try (InputStream in = FilmsTable.class.getResourceAsStream(DEFINITION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFINITION_RESOURCE + " is missing from the classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
