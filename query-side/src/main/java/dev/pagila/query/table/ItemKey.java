package dev.pagila.query.table;

import dev.pagila.infra.dynamodb.FilmsTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/** The primary key of one item of the Films table. */
public record ItemKey(String pk, String sk) {

    public static ItemKey of(Map<String, AttributeValue> item) {
        return new ItemKey(item.get(FilmsTable.PK).s(), item.get(FilmsTable.SK).s());
    }

    public Map<String, AttributeValue> asMap() {
        return Map.of(FilmsTable.PK, AttributeValue.fromS(pk), FilmsTable.SK, AttributeValue.fromS(sk));
    }

    @Override
    public String toString() {
        return pk + " / " + sk;
    }
}
