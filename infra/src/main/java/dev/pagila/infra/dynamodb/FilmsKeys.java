package dev.pagila.infra.dynamodb;

/** Key values of the single table (see the key design in the README); one place spells every prefix. */
public final class FilmsKeys {

    public static final String META = "#META";

    private FilmsKeys() {
    }

    public static String film(int filmId) {
        return "FILM#" + filmId;
    }

    public static String rating(String rating) {
        return "RATING#" + rating;
    }

    /** Sort key that lists films by title, the id keeping equal titles apart. */
    public static String title(String title, int filmId) {
        return "TITLE#" + title + "#" + filmId;
    }
}
