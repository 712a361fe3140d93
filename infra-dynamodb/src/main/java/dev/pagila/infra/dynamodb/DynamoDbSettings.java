package dev.pagila.infra.dynamodb;

import java.net.URI;

/**
 * Where DynamoDB is. {@code endpoint} is only set for DynamoDB Local or LocalStack; credentials are
 * only set where a fixed key pair is wanted, otherwise the SDK's default provider chain applies.
 */
public record DynamoDbSettings(URI endpoint, String region, String accessKeyId, String secretAccessKey, String table) {

    public DynamoDbSettings {
        region = region == null || region.isBlank() ? "eu-west-2" : region;
        table = table == null || table.isBlank() ? FilmsTable.DEFAULT_NAME : table;
    }

    public boolean hasStaticCredentials() {
        return accessKeyId != null && !accessKeyId.isBlank() && secretAccessKey != null && !secretAccessKey.isBlank();
    }
}
