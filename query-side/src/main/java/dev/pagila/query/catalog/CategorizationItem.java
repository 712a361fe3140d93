package dev.pagila.query.catalog;

import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;

/** A film in a category ({@code FILM#f / CATEGORY#c}), with the category's name. */
public final class CategorizationItem extends FilmEdge {

    public static final ItemKind<CategorizationItem> KIND = ItemKind.of("FILM_CATEGORY", CategorizationItem.class,
            CategorizationItem::new, schema -> schema
                    .extend(FilmEdge.SCHEMA)
                    .addAttribute(Integer.class, a -> a.name("categoryId").getter(edge -> edge.categoryId)
                            .setter((edge, v) -> edge.categoryId = v))
                    .addAttribute(String.class, a -> a.name("name").getter(edge -> edge.name).setter((edge, v) -> edge.name = v)));

    private Integer categoryId;
    private String name;

    public static ItemKey key(int filmId, int categoryId) {
        return new ItemKey(FilmsKeys.film(filmId), FilmsKeys.category(categoryId));
    }

    @Override
    String target() {
        return FilmsKeys.category(categoryId);
    }

    void categorize(int film, String title, int category, CategoryItem named) {
        link(film, title);
        categoryId = category;
        name(named.name());
    }

    void name(String newName) {
        name = newName;
    }

    public Integer categoryId() {
        return categoryId;
    }

    public String name() {
        return name;
    }
}
