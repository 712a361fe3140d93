package dev.pagila.query.catalog;

import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

import java.util.List;
import java.util.TreeSet;

/**
 * An actor's or a category's item: it lists the films it is linked to now, so that a rename finds their edges and
 * film items by key, strongly consistent, with no index read.
 */
abstract class LinkedToFilms {

    /** DynamoDB stores no empty set: an item linked to no film has no {@code films} attribute. */
    static final StaticTableSchema<LinkedToFilms> SCHEMA = StaticTableSchema.builder(LinkedToFilms.class)
            .addAttribute(EnhancedType.setOf(Integer.class), a -> a.name("films")
                    .getter(item -> item.films.isEmpty() ? null : item.films)
                    .setter((item, films) -> item.films = new TreeSet<>(films)))
            .build();

    private TreeSet<Integer> films = new TreeSet<>();

    void link(int filmId) {
        films.add(filmId);
    }

    void unlink(int filmId) {
        films.remove(filmId);
    }

    /** The films linked now, in id order. */
    public List<Integer> films() {
        return List.copyOf(films);
    }
}
