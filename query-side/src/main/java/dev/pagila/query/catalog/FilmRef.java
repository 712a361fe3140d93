package dev.pagila.query.catalog;

/** A film as a list of an actor's or a category's films shows it. */
public record FilmRef(int filmId, String title) {

    /** The shape of a page of these in the API's documentation (answers are served as cached JSON). */
    public record Page(java.util.List<FilmRef> items, String next) {
    }
}
