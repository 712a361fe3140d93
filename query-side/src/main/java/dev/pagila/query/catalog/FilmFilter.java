package dev.pagila.query.catalog;

/** What a film list is narrowed to; every part is optional. */
public record FilmFilter(Integer categoryId, Integer actorId, String rating, String titlePrefix) {

    String describe() {
        return "c" + categoryId + ":a" + actorId + ":r" + rating + ":t" + titlePrefix;
    }
}
