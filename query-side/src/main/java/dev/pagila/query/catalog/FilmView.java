package dev.pagila.query.catalog;

import java.math.BigDecimal;
import java.util.List;

/**
 * A film with its cast, categories and copies, as one Query of its partition shows it. {@code position} is the
 * latest event position reflected in the answer, for reads that wait for their own write.
 */
public record FilmView(
        int filmId,
        String title,
        String description,
        Integer releaseYear,
        int languageId,
        Integer originalLanguageId,
        int rentalDuration,
        BigDecimal rentalRate,
        Integer length,
        BigDecimal replacementCost,
        String rating,
        List<String> specialFeatures,
        List<CastMember> cast,
        List<CategoryName> categories,
        List<StoreStock> stock,
        List<Copy> copies,
        long position) {

    public record CastMember(int actorId, String firstName, String lastName) {
    }

    public record CategoryName(int categoryId, String name) {
    }

    /** Copies of the film a store holds, and how many of them are on the shelf now. */
    public record StoreStock(int storeId, int copies, int inStock) {
    }

    /**
     * A copy in circulation. Out when a rental of it has no return yet; the history may hold several such
     * rentals (Pagila's copies rented again without a return), and the holder is the earliest of them.
     */
    public record Copy(int copyId, int storeId, boolean inStock, Integer heldByCustomerId) {
    }
}
