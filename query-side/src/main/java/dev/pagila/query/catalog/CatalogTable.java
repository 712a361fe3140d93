package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.money.Money;
import dev.pagila.query.config.QuerySideProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.pagila.query.catalog.ItemUpdate.n;
import static dev.pagila.query.catalog.ItemUpdate.s;

/**
 * The catalogue in the Films single table. A film's partition ({@code FILM#id}) holds its {@code #META} item
 * and one edge item per cast member ({@code ACTOR#aid}) and category ({@code CATEGORY#cid}); edges copy the
 * names they are shown with and, through GSI1, list an actor's or a category's films by title. Actors and
 * categories have their own {@code #META} items, listed through GSI2. A removed edge stays as a tombstone
 * (out of the indexes) so that a replayed older "cast" cannot bring it back.
 */
@Component
public class CatalogTable {

    private static final String CAST = "CAST";
    private static final String FILM_CATEGORY = "FILM_CATEGORY";

    private final DynamoDbClient dynamoDb;
    private final String table;

    @Autowired
    public CatalogTable(DynamoDbClient dynamoDb, QuerySideProperties properties) {
        this(dynamoDb, properties.dynamodb().settings().table());
    }

    public CatalogTable(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public boolean writeFilmDetails(int filmId, FilmDetails details, long position) {
        ItemUpdate update = new ItemUpdate()
                .set("type", s("FILM"))
                .set("filmId", n(filmId))
                .set("title", s(details.title()))
                .setOrRemove("description", s(details.description()))
                .setOrRemove("releaseYear", n(details.releaseYear()))
                .set("languageId", n(details.languageId().value()))
                .setOrRemove("originalLanguageId", details.originalLanguageId() == null ? null
                        : n(details.originalLanguageId().value()))
                .set("rentalDuration", n(details.rentalDuration()))
                .set("rentalRate", n(details.rentalRate().amount()))
                .setOrRemove("length", n(details.length()))
                .set("replacementCost", n(details.replacementCost().amount()))
                .setOrRemove("rating", details.rating() == null ? null : s(details.rating().label()))
                .set("specialFeatures", AttributeValue.fromL(details.specialFeatures().stream()
                        .map(SpecialFeature::label).map(AttributeValue::fromS).toList()))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.rating(details.rating() == null ? "" : details.rating().label())))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.title(details.title(), filmId)));
        boolean applied = update.applyAt(dynamoDb, table, key(FilmsKeys.film(filmId), FilmsKeys.META), position);
        retitleEdges(filmId, details.title(), position);
        return applied;
    }

    public boolean writeFilmPricing(int filmId, int rentalDuration, Money rentalRate, Money replacementCost, long position) {
        return new ItemUpdate()
                .set("rentalDuration", n(rentalDuration))
                .set("rentalRate", n(rentalRate.amount()))
                .set("replacementCost", n(replacementCost.amount()))
                .applyAt(dynamoDb, table, key(FilmsKeys.film(filmId), FilmsKeys.META), position);
    }

    /**
     * Writes an actor; a rename also relabels every edge that shows the name (a registration has no edges yet:
     * this processing group sees a film's cast only after the actors in it).
     */
    public boolean writeActor(int actorId, String firstName, String lastName, long position, boolean relabelEdges) {
        boolean applied = new ItemUpdate()
                .set("type", s("ACTOR"))
                .set("actorId", n(actorId))
                .set("firstName", s(firstName))
                .set("lastName", s(lastName))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.ACTORS))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.name(lastName + " " + firstName, actorId)))
                .applyAt(dynamoDb, table, key(FilmsKeys.actor(actorId), FilmsKeys.META), position);
        for (Map<String, AttributeValue> edge : relabelEdges ? edgesInIndex(FilmsKeys.actor(actorId)) : noEdges()) {
            new ItemUpdate().set("firstName", s(firstName)).set("lastName", s(lastName))
                    .applyAt(dynamoDb, table, keyOf(edge), position);
        }
        return applied;
    }

    public boolean writeCategory(int categoryId, String name, long position, boolean relabelEdges) {
        boolean applied = new ItemUpdate()
                .set("type", s("CATEGORY"))
                .set("categoryId", n(categoryId))
                .set("name", s(name))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.CATEGORIES))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.name(name, categoryId)))
                .applyAt(dynamoDb, table, key(FilmsKeys.category(categoryId), FilmsKeys.META), position);
        for (Map<String, AttributeValue> edge : relabelEdges ? edgesInIndex(FilmsKeys.category(categoryId)) : noEdges()) {
            new ItemUpdate().set("name", s(name)).applyAt(dynamoDb, table, keyOf(edge), position);
        }
        return applied;
    }

    public boolean castActor(int filmId, int actorId, long position) {
        Map<String, Map<String, AttributeValue>> items = metaItems(FilmsKeys.film(filmId), FilmsKeys.actor(actorId));
        Map<String, AttributeValue> actor = items.getOrDefault(FilmsKeys.actor(actorId), Map.of());
        return edge(filmId, items.getOrDefault(FilmsKeys.film(filmId), Map.of()), FilmsKeys.actor(actorId), CAST)
                .set("actorId", n(actorId))
                .setOrRemove("firstName", actor.get("firstName"))
                .setOrRemove("lastName", actor.get("lastName"))
                .applyAt(dynamoDb, table, key(FilmsKeys.film(filmId), FilmsKeys.actor(actorId)), position);
    }

    public boolean categorize(int filmId, int categoryId, long position) {
        Map<String, Map<String, AttributeValue>> items = metaItems(FilmsKeys.film(filmId), FilmsKeys.category(categoryId));
        Map<String, AttributeValue> category = items.getOrDefault(FilmsKeys.category(categoryId), Map.of());
        return edge(filmId, items.getOrDefault(FilmsKeys.film(filmId), Map.of()), FilmsKeys.category(categoryId), FILM_CATEGORY)
                .set("categoryId", n(categoryId))
                .setOrRemove("name", category.get("name"))
                .applyAt(dynamoDb, table, key(FilmsKeys.film(filmId), FilmsKeys.category(categoryId)), position);
    }

    public boolean removeEdge(int filmId, String edgeKey, long position) {
        return new ItemUpdate()
                .set("removed", AttributeValue.fromBool(true))
                .remove(FilmsTable.GSI1_PK)
                .remove(FilmsTable.GSI1_SK)
                .applyAt(dynamoDb, table, key(FilmsKeys.film(filmId), edgeKey), position);
    }

    /** The film with its cast and categories, from one strongly consistent Query of its partition. */
    public Optional<FilmView> findFilm(int filmId) {
        List<Map<String, AttributeValue>> items = partition(FilmsKeys.film(filmId));
        Map<String, AttributeValue> film = items.stream()
                .filter(item -> item.get(FilmsTable.SK).s().equals(FilmsKeys.META)).findFirst().orElse(null);
        if (film == null) {
            return Optional.empty();
        }
        List<FilmView.CastMember> cast = new ArrayList<>();
        List<FilmView.CategoryName> categories = new ArrayList<>();
        long position = 0;
        for (Map<String, AttributeValue> item : items) {
            position = Math.max(position, Long.parseLong(item.get(FilmsTable.POSITION).n()));
            if (item.containsKey("removed") && item.get("removed").bool()) {
                continue;
            }
            String type = item.get("type").s();
            if (type.equals(CAST)) {
                cast.add(new FilmView.CastMember(intOf(item, "actorId"), string(item, "firstName"), string(item, "lastName")));
            } else if (type.equals(FILM_CATEGORY)) {
                categories.add(new FilmView.CategoryName(intOf(item, "categoryId"), string(item, "name")));
            }
        }
        cast.sort(Comparator.comparingInt(FilmView.CastMember::actorId));
        categories.sort(Comparator.comparingInt(FilmView.CategoryName::categoryId));
        return Optional.of(new FilmView(intOf(film, "filmId"), film.get("title").s(), string(film, "description"),
                optionalInt(film, "releaseYear"), intOf(film, "languageId"), optionalInt(film, "originalLanguageId"),
                intOf(film, "rentalDuration"), money(film, "rentalRate"), optionalInt(film, "length"),
                money(film, "replacementCost"), string(film, "rating"),
                film.get("specialFeatures").l().stream().map(AttributeValue::s).toList(), cast, categories, position));
    }

    /** The films whose edges point at an actor or a category. */
    public List<Integer> filmIdsLinkedTo(String target) {
        return edgesInIndex(target).stream().map(edge -> intOf(edge, "filmId")).distinct().toList();
    }

    /** The raw item, for operators and tests that compare items attribute by attribute. */
    public Map<String, AttributeValue> item(String pk, String sk) {
        return dynamoDb.getItem(request -> request.tableName(table).key(key(pk, sk)).consistentRead(true)).item();
    }

    private ItemUpdate edge(int filmId, Map<String, AttributeValue> film, String target, String type) {
        String title = film.containsKey("title") ? film.get("title").s() : "";
        return new ItemUpdate()
                .set("type", s(type))
                .set("filmId", n(filmId))
                .set("filmTitle", s(title))
                .set("removed", AttributeValue.fromBool(false))
                .set(FilmsTable.GSI1_PK, s(target))
                .set(FilmsTable.GSI1_SK, s(FilmsKeys.filmByTitle(title, filmId)));
    }

    /** The #META items of the given partitions, in one strongly consistent round trip, by partition key. */
    private Map<String, Map<String, AttributeValue>> metaItems(String... partitions) {
        List<Map<String, AttributeValue>> keys = Arrays.stream(partitions).map(pk -> key(pk, FilmsKeys.META)).toList();
        return dynamoDb.batchGetItem(request -> request.requestItems(Map.of(table,
                        KeysAndAttributes.builder().keys(keys).consistentRead(true).build())))
                .responses().getOrDefault(table, List.of()).stream()
                .collect(Collectors.toMap(item -> item.get(FilmsTable.PK).s(), item -> item));
    }

    private static List<Map<String, AttributeValue>> noEdges() {
        return List.of();
    }

    private void retitleEdges(int filmId, String title, long position) {
        for (Map<String, AttributeValue> item : partition(FilmsKeys.film(filmId))) {
            boolean isEdge = !item.get(FilmsTable.SK).s().equals(FilmsKeys.META);
            boolean removed = item.containsKey("removed") && item.get("removed").bool();
            if (isEdge && !removed && !title.equals(string(item, "filmTitle"))) {
                new ItemUpdate().set("filmTitle", s(title)).set(FilmsTable.GSI1_SK, s(FilmsKeys.filmByTitle(title, filmId)))
                        .applyAt(dynamoDb, table, keyOf(item), position);
            }
        }
    }

    private List<Map<String, AttributeValue>> partition(String pk) {
        return dynamoDb.queryPaginator(request -> request.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", FilmsTable.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
                .items().stream().toList();
    }

    /** Edges pointing at an actor or category, through GSI1 (eventually consistent, as every GSI read is). */
    private List<Map<String, AttributeValue>> edgesInIndex(String target) {
        return dynamoDb.queryPaginator(request -> request.tableName(table).indexName(FilmsTable.GSI1)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", FilmsTable.GSI1_PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(target))))
                .items().stream().toList();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(FilmsTable.PK, AttributeValue.fromS(pk), FilmsTable.SK, AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return Map.of(FilmsTable.PK, item.get(FilmsTable.PK), FilmsTable.SK, item.get(FilmsTable.SK));
    }

    private static String string(Map<String, AttributeValue> item, String attribute) {
        return item.containsKey(attribute) ? item.get(attribute).s() : null;
    }

    private static int intOf(Map<String, AttributeValue> item, String attribute) {
        return Integer.parseInt(item.get(attribute).n());
    }

    private static Integer optionalInt(Map<String, AttributeValue> item, String attribute) {
        return item.containsKey(attribute) ? intOf(item, attribute) : null;
    }

    private static BigDecimal money(Map<String, AttributeValue> item, String attribute) {
        return new BigDecimal(item.get(attribute).n()).setScale(2);
    }
}
