package dev.pagila.query.films;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.query.config.QuerySideProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The film {@code #META} items of the Films single table: conditional writes, and reads back as {@link FilmView}. */
@Component
public class FilmTable {

    private static final String TYPE = "FILM";

    private final DynamoDbClient dynamoDb;
    private final String table;

    @Autowired
    public FilmTable(DynamoDbClient dynamoDb, QuerySideProperties properties) {
        this(dynamoDb, properties.dynamodb().table());
    }

    public FilmTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /**
     * Writes a film's details as of event {@code position}. Applies only if the item has not yet seen that
     * position, so a redelivered or replayed event changes nothing. Attributes other projections add to the
     * item are left alone.
     *
     * @return whether the write was applied
     */
    public boolean writeDetails(int filmId, FilmDetails details, long position) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        set(sets, names, values, "type", s(TYPE));
        set(sets, names, values, "filmId", n(filmId));
        set(sets, names, values, "title", s(details.title()));
        setOrRemove(sets, removes, names, values, "description", details.description() == null ? null : s(details.description()));
        setOrRemove(sets, removes, names, values, "releaseYear", details.releaseYear() == null ? null : n(details.releaseYear()));
        set(sets, names, values, "languageId", n(details.languageId().value()));
        setOrRemove(sets, removes, names, values, "originalLanguageId",
                details.originalLanguageId() == null ? null : n(details.originalLanguageId().value()));
        set(sets, names, values, "rentalDuration", n(details.rentalDuration()));
        set(sets, names, values, "rentalRate", n(details.rentalRate().amount()));
        setOrRemove(sets, removes, names, values, "length", details.length() == null ? null : n(details.length()));
        set(sets, names, values, "replacementCost", n(details.replacementCost().amount()));
        set(sets, names, values, "rating", s(details.rating().label()));
        set(sets, names, values, "specialFeatures", AttributeValue.fromL(details.specialFeatures().stream()
                .map(SpecialFeature::label)
                .map(AttributeValue::fromS)
                .toList()));
        set(sets, names, values, FilmsTable.GSI2_PK, s(FilmsKeys.rating(details.rating().label())));
        set(sets, names, values, FilmsTable.GSI2_SK, s(FilmsKeys.title(details.title(), filmId)));
        set(sets, names, values, FilmsTable.POSITION, n(position));
        values.put(":position", n(position));

        String update = "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        try {
            dynamoDb.updateItem(request -> request
                    .tableName(table)
                    .key(key(filmId))
                    .updateExpression(update)
                    .conditionExpression("attribute_not_exists(#position_c) OR #position_c < :position")
                    .expressionAttributeNames(withConditionName(names))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException alreadyApplied) {
            return false;
        }
    }

    public Optional<FilmView> find(int filmId) {
        GetItemResponse response = dynamoDb.getItem(request -> request.tableName(table).key(key(filmId)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(toView(response.item())) : Optional.empty();
    }

    /** The raw item, for operators and tests that compare items attribute by attribute. */
    public Map<String, AttributeValue> item(int filmId) {
        return dynamoDb.getItem(request -> request.tableName(table).key(key(filmId)).consistentRead(true)).item();
    }

    private static Map<String, AttributeValue> key(int filmId) {
        return Map.of(FilmsTable.PK, s(FilmsKeys.film(filmId)), FilmsTable.SK, s(FilmsKeys.META));
    }

    private static Map<String, String> withConditionName(Map<String, String> names) {
        Map<String, String> all = new HashMap<>(names);
        all.put("#position_c", FilmsTable.POSITION);
        return all;
    }

    private static void set(List<String> sets, Map<String, String> names, Map<String, AttributeValue> values,
                            String attribute, AttributeValue value) {
        String placeholder = "a" + names.size();
        names.put("#" + placeholder, attribute);
        values.put(":" + placeholder, value);
        sets.add("#" + placeholder + " = :" + placeholder);
    }

    private static void setOrRemove(List<String> sets, List<String> removes, Map<String, String> names,
                                    Map<String, AttributeValue> values, String attribute, AttributeValue value) {
        if (value != null) {
            set(sets, names, values, attribute, value);
            return;
        }
        String placeholder = "a" + names.size();
        names.put("#" + placeholder, attribute);
        removes.add("#" + placeholder);
    }

    private static FilmView toView(Map<String, AttributeValue> item) {
        return new FilmView(
                intOf(item, "filmId"),
                item.get("title").s(),
                item.containsKey("description") ? item.get("description").s() : null,
                optionalInt(item, "releaseYear"),
                intOf(item, "languageId"),
                optionalInt(item, "originalLanguageId"),
                intOf(item, "rentalDuration"),
                new BigDecimal(item.get("rentalRate").n()).setScale(2),
                optionalInt(item, "length"),
                new BigDecimal(item.get("replacementCost").n()).setScale(2),
                item.get("rating").s(),
                item.get("specialFeatures").l().stream().map(AttributeValue::s).toList(),
                Long.parseLong(item.get(FilmsTable.POSITION).n()));
    }

    private static int intOf(Map<String, AttributeValue> item, String attribute) {
        return Integer.parseInt(item.get(attribute).n());
    }

    private static Integer optionalInt(Map<String, AttributeValue> item, String attribute) {
        return item.containsKey(attribute) ? intOf(item, attribute) : null;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(Number value) {
        return AttributeValue.fromN(value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString());
    }
}
