package dev.pagila.query.catalog;

public record CategoryView(int categoryId, String name) {

    /** The shape of the list of these in the API's documentation (answers are served as cached JSON). */
    public record Listing(java.util.List<CategoryView> items) {
    }
}
