package dev.pagila.infra.dynamodb;

/** Key values of the single table (see the key design in the README); one place spells every prefix. */
public final class FilmsKeys {

    public static final String META = "#META";

    private FilmsKeys() {
    }

    public static String film(int filmId) {
        return "FILM#" + filmId;
    }

    public static String actor(int actorId) {
        return "ACTOR#" + actorId;
    }

    public static String category(int categoryId) {
        return "CATEGORY#" + categoryId;
    }

    /** GSI2 partition listing every actor (sparse: only actor items carry it). */
    public static final String ACTORS = "ACTORS";
    /** GSI2 partition listing every category. */
    public static final String CATEGORIES = "CATEGORIES";

    /** GSI1 sort key of an edge: the films of an actor or category, by title. */
    public static String filmByTitle(String title, int filmId) {
        return "FILM#" + title + "#" + filmId;
    }

    public static String name(String name, int id) {
        return "NAME#" + name + "#" + id;
    }

    public static String rating(String rating) {
        return "RATING#" + rating;
    }

    /** Sort key that lists films by title, the id keeping equal titles apart. */
    public static String title(String title, int filmId) {
        return "TITLE#" + title + "#" + filmId;
    }
}
