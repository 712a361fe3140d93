package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.SpecialFeature;
import dev.pagila.kernel.money.Money;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A film's own item ({@code FILM#f / #META}): its details and prices, and the names of its cast and categories
 * (actor id → first and last name, category id → name), so that a film list is read from film items alone. Listed
 * by title through GSI2 ({@code FILMS}) once it has a title.
 */
public final class FilmItem {

    public static final ItemKind<FilmItem> KIND = ItemKind.of("FILM", FilmItem.class, FilmItem::new, schema -> schema
            .addAttribute(Integer.class, a -> a.name("filmId").getter(f -> f.filmId).setter((f, v) -> f.filmId = v))
            .addAttribute(String.class, a -> a.name("title").getter(f -> f.title).setter((f, v) -> f.title = v))
            .addAttribute(String.class, a -> a.name("description").getter(f -> f.description).setter((f, v) -> f.description = v))
            .addAttribute(Integer.class, a -> a.name("releaseYear").getter(f -> f.releaseYear).setter((f, v) -> f.releaseYear = v))
            .addAttribute(Integer.class, a -> a.name("languageId").getter(f -> f.languageId).setter((f, v) -> f.languageId = v))
            .addAttribute(Integer.class, a -> a.name("originalLanguageId").getter(f -> f.originalLanguageId)
                    .setter((f, v) -> f.originalLanguageId = v))
            .addAttribute(Integer.class, a -> a.name("rentalDuration").getter(f -> f.rentalDuration).setter((f, v) -> f.rentalDuration = v))
            .addAttribute(BigDecimal.class, a -> a.name("rentalRate").getter(f -> f.rentalRate).setter((f, v) -> f.rentalRate = v))
            .addAttribute(Integer.class, a -> a.name("length").getter(f -> f.length).setter((f, v) -> f.length = v))
            .addAttribute(BigDecimal.class, a -> a.name("replacementCost").getter(f -> f.replacementCost)
                    .setter((f, v) -> f.replacementCost = v))
            .addAttribute(String.class, a -> a.name("rating").getter(f -> f.rating).setter((f, v) -> f.rating = v))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("specialFeatures").getter(f -> f.specialFeatures)
                    .setter((f, v) -> f.specialFeatures = v))
            .addAttribute(EnhancedType.mapOf(EnhancedType.of(String.class), EnhancedType.mapOf(String.class, String.class)),
                    a -> a.name("castNames").getter(f -> f.castNames).setter((f, v) -> f.castNames = new HashMap<>(v)))
            .addAttribute(EnhancedType.mapOf(String.class, String.class), a -> a.name("categoryNames").getter(f -> f.categoryNames)
                    .setter((f, v) -> f.categoryNames = new HashMap<>(v)))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_PK, f -> f.title == null ? null : FilmsKeys.FILMS))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_SK,
                    f -> f.title == null ? null : FilmsKeys.title(f.title, f.filmId))));

    private Integer filmId;
    private String title;
    private String description;
    private Integer releaseYear;
    private Integer languageId;
    private Integer originalLanguageId;
    private Integer rentalDuration;
    private BigDecimal rentalRate;
    private Integer length;
    private BigDecimal replacementCost;
    private String rating;
    private List<String> specialFeatures;
    private Map<String, Map<String, String>> castNames = new HashMap<>();
    private Map<String, String> categoryNames = new HashMap<>();

    public static ItemKey key(int filmId) {
        return new ItemKey(FilmsKeys.film(filmId), FilmsKeys.META);
    }

    /** A first and last name as a film shows its cast. */
    public record CastName(String firstName, String lastName) {
    }

    void describe(int id, FilmDetails details) {
        filmId = id;
        title = details.title();
        description = details.description();
        releaseYear = details.releaseYear();
        languageId = details.languageId().value();
        originalLanguageId = details.originalLanguageId() == null ? null : details.originalLanguageId().value();
        rentalDuration = details.rentalDuration();
        rentalRate = details.rentalRate().amount();
        length = details.length();
        replacementCost = details.replacementCost().amount();
        rating = details.rating() == null ? null : details.rating().label();
        specialFeatures = details.specialFeatures().stream().map(SpecialFeature::label).toList();
    }

    void reprice(int duration, Money rate, Money cost) {
        rentalDuration = duration;
        rentalRate = rate.amount();
        replacementCost = cost.amount();
    }

    void nameCastMember(int actorId, String firstName, String lastName) {
        castNames.put(String.valueOf(actorId), Map.of("firstName", firstName == null ? "" : firstName,
                "lastName", lastName == null ? "" : lastName));
    }

    void dropCastMember(int actorId) {
        castNames.remove(String.valueOf(actorId));
    }

    void nameCategory(int categoryId, String name) {
        categoryNames.put(String.valueOf(categoryId), name == null ? "" : name);
    }

    void dropCategory(int categoryId) {
        categoryNames.remove(String.valueOf(categoryId));
    }

    /** Whether the film has been registered (an event about its cast may come first and leave only names). */
    public boolean registered() {
        return title != null;
    }

    /** Whether the film has a cast and a category: Pagila's film lists show no other. */
    public boolean listed() {
        return !castNames.isEmpty() && !categoryNames.isEmpty();
    }

    public boolean casts(int actorId) {
        return castNames.containsKey(String.valueOf(actorId));
    }

    public boolean isIn(int categoryId) {
        return categoryNames.containsKey(String.valueOf(categoryId));
    }

    public Integer filmId() {
        return filmId;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public Integer releaseYear() {
        return releaseYear;
    }

    public Integer languageId() {
        return languageId;
    }

    public Integer originalLanguageId() {
        return originalLanguageId;
    }

    public Integer rentalDuration() {
        return rentalDuration;
    }

    /** DynamoDB keeps numbers without trailing zeros; money is shown with its two decimals. */
    public BigDecimal rentalRate() {
        return rentalRate == null ? null : rentalRate.setScale(2);
    }

    public Integer length() {
        return length;
    }

    public BigDecimal replacementCost() {
        return replacementCost == null ? null : replacementCost.setScale(2);
    }

    public String rating() {
        return rating;
    }

    public List<String> specialFeatures() {
        return specialFeatures == null ? List.of() : specialFeatures;
    }

    /** The cast's names by actor id, in id order. */
    public TreeMap<Integer, CastName> cast() {
        TreeMap<Integer, CastName> cast = new TreeMap<>();
        castNames.forEach((actorId, name) -> cast.put(Integer.valueOf(actorId), new CastName(name.get("firstName"), name.get("lastName"))));
        return cast;
    }

    /** The categories' names by category id, in id order. */
    public TreeMap<Integer, String> categories() {
        TreeMap<Integer, String> categories = new TreeMap<>();
        categoryNames.forEach((categoryId, name) -> categories.put(Integer.valueOf(categoryId), name));
        return categories;
    }
}
