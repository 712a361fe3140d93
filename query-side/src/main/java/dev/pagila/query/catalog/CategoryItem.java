package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;

/** A category ({@code CATEGORY#c / #META}), listed through GSI2 ({@code CATEGORIES}) once created. */
public final class CategoryItem extends LinkedToFilms {

    public static final ItemKind<CategoryItem> KIND = ItemKind.of("CATEGORY", CategoryItem.class, CategoryItem::new, schema -> schema
            .extend(LinkedToFilms.SCHEMA)
            .addAttribute(Integer.class, a -> a.name("categoryId").getter(category -> category.categoryId)
                    .setter((category, v) -> category.categoryId = v))
            .addAttribute(String.class, a -> a.name("name").getter(category -> category.name).setter((category, v) -> category.name = v))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_PK, category -> category.created() ? FilmsKeys.CATEGORIES : null))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_SK,
                    category -> category.created() ? FilmsKeys.name(category.name, category.categoryId) : null)));

    private Integer categoryId;
    private String name;

    public static ItemKey key(int categoryId) {
        return new ItemKey(FilmsKeys.category(categoryId), FilmsKeys.META);
    }

    void name(int id, String newName) {
        categoryId = id;
        name = newName;
    }

    /** Whether the category has been created (a categorization may come first and leave only the film it links). */
    public boolean created() {
        return categoryId != null;
    }

    public Integer categoryId() {
        return categoryId;
    }

    public String name() {
        return name;
    }
}
