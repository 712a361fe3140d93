package dev.pagila.query.catalog;

/** A film as a list of an actor's or a category's films shows it. */
public record FilmRef(int filmId, String title) {
}
