package dev.pagila.query.catalog;

public record CategoryView(int categoryId, String name) {
}
