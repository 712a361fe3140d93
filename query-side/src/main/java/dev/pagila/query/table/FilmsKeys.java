package dev.pagila.query.table;

import java.time.YearMonth;

/**
 * Key values of the single table (see the key design in the README); one place spells every prefix.
 * Ids inside sort keys are zero-padded so that the index lists them in numeric order.
 */
public final class FilmsKeys {

    public static final String META = "#META";

    /** GSI2 partition listing every film by title (sparse: only film items carry it). */
    public static final String FILMS = "FILMS";
    /** GSI2 partition listing every actor. */
    public static final String ACTORS = "ACTORS";
    /** GSI2 partition listing every category. */
    public static final String CATEGORIES = "CATEGORIES";
    public static final String STORES = "STORES";
    public static final String STAFF = "STAFF";
    public static final String CUSTOMERS = "CUSTOMERS";
    /** Partition of the sales totals, one item per store and film. */
    public static final String SALES = "SALES";

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

    /** A copy's item, in its film's partition; also its GSI2 partition, to find it by copy id. */
    public static String copy(int copyId) {
        return "COPY#" + copyId;
    }

    public static String store(int storeId) {
        return "STORE#" + storeId;
    }

    public static String staff(int staffId) {
        return "STAFF#" + staffId;
    }

    public static String customer(int customerId) {
        return "CUSTOMER#" + customerId;
    }

    public static String rental(int rentalId) {
        return "RENTAL#" + rentalId;
    }

    public static String payment(int paymentId) {
        return "PAYMENT#" + paymentId;
    }

    /** GSI1 sort key of a customer's rental: the history in order of renting. */
    public static String rentalByTime(String rentedAt, int rentalId) {
        return "RENTAL#" + rentedAt + "#" + padded(rentalId);
    }

    /** GSI1 sort key of a customer's payment, in order of payment. */
    public static String paymentByTime(String paidAt, int paymentId) {
        return "PAYMENT#" + paidAt + "#" + padded(paymentId);
    }

    /** GSI2 partition of the payments taken in one month (in the business zone), for the rewards report. */
    public static String paymentsIn(YearMonth month) {
        return "PAYMENTS#" + month;
    }

    public static String salesOf(int storeId, int filmId) {
        return "STORE#" + padded(storeId) + "#FILM#" + padded(filmId);
    }

    /** GSI1 sort key of an edge: the films of an actor or category, by title. */
    public static String filmByTitle(String title, int filmId) {
        return "FILM#" + title + "#" + filmId;
    }

    public static String name(String name, int id) {
        return "NAME#" + name + "#" + id;
    }

    /** Sort key that lists films by title, the id keeping equal titles apart. */
    public static String title(String title, int filmId) {
        return "TITLE#" + title + "#" + filmId;
    }

    /** Sort key that lists by id. */
    public static String byId(int id) {
        return "ID#" + padded(id);
    }

    public static String padded(int id) {
        return String.format("%010d", id);
    }
}
