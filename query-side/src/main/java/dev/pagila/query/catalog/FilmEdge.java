package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKind;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * An edge in a film's partition to an actor or a category, carrying the names it is shown with. A live edge is in
 * GSI1 under its target, by film title, which lists an actor's or a category's films. A removed edge stays as a
 * tombstone, out of the index, so that a replayed older "cast" or "categorize" cannot bring it back.
 */
abstract class FilmEdge {

    static final StaticTableSchema<FilmEdge> SCHEMA = StaticTableSchema.builder(FilmEdge.class)
            .addAttribute(Integer.class, a -> a.name("filmId").getter(edge -> edge.filmId).setter((edge, v) -> edge.filmId = v))
            .addAttribute(String.class, a -> a.name("filmTitle").getter(edge -> edge.filmTitle).setter((edge, v) -> edge.filmTitle = v))
            .addAttribute(Boolean.class, a -> a.name("removed").getter(edge -> edge.removed).setter((edge, v) -> edge.removed = v))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI1_PK, edge -> edge.live() ? edge.target() : null))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI1_SK,
                    edge -> edge.live() ? FilmsKeys.filmByTitle(edge.filmTitle, edge.filmId) : null))
            .build();

    private Integer filmId;
    private String filmTitle;
    private Boolean removed;

    /** The actor's or the category's partition key: the GSI1 partition listing its films. */
    abstract String target();

    void link(int film, String title) {
        filmId = film;
        filmTitle = title == null ? "" : title;
        removed = false;
    }

    void retitle(String title) {
        filmTitle = title;
    }

    void remove() {
        removed = true;
    }

    public boolean live() {
        return filmId != null && !Boolean.TRUE.equals(removed);
    }

    public Integer filmId() {
        return filmId;
    }

    public String filmTitle() {
        return filmTitle;
    }
}
