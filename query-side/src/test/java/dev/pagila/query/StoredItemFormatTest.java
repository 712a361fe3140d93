package dev.pagila.query;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.query.catalog.ActorItem;
import dev.pagila.query.catalog.CastItem;
import dev.pagila.query.catalog.CopyItem;
import dev.pagila.query.catalog.FilmItem;
import dev.pagila.query.catalog.FilmView;
import dev.pagila.query.customers.CustomerItem;
import dev.pagila.query.inventory.StoreItem;
import dev.pagila.query.sales.PaymentItem;
import dev.pagila.query.sales.RentalItem;
import dev.pagila.query.sales.SalesTotalItem;
import dev.pagila.query.table.ItemKind;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read model's stored format, item kind by item kind, as the README's key design gives it and as a read model
 * kept on disk holds it: each kind reads such an item and writes back exactly the same attributes, so a read model
 * written by an earlier build is read and changed without a rebuild. (Numbers as DynamoDB hands them back: without
 * trailing zeros.)
 */
class StoredItemFormatTest {

    @Test
    void aFilmItemWithItsCastAndCategoryNames() {
        Map<String, AttributeValue> stored = item("FILM#1", "#META", "FILM", Map.ofEntries(
                Map.entry("filmId", n("1")), Map.entry("title", s("ACADEMY DINOSAUR")), Map.entry("description", s("A Epic Drama")),
                Map.entry("releaseYear", n("2006")), Map.entry("languageId", n("1")), Map.entry("rentalDuration", n("6")),
                Map.entry("rentalRate", n("0.99")), Map.entry("length", n("86")), Map.entry("replacementCost", n("21")),
                Map.entry("rating", s("PG")),
                Map.entry("specialFeatures", AttributeValue.fromL(List.of(s("Deleted Scenes"), s("Behind the Scenes")))),
                Map.entry("castNames", m(Map.of("10", m(Map.of("firstName", s("PENELOPE"), "lastName", s("GUINESS")))))),
                Map.entry("categoryNames", m(Map.of("6", s("Documentary")))),
                Map.entry(FilmsTable.GSI2_PK, s("FILMS")), Map.entry(FilmsTable.GSI2_SK, s("TITLE#ACADEMY DINOSAUR#1"))));

        FilmItem film = assertRoundTrip(FilmItem.KIND, stored);

        assertThat(film.replacementCost()).isEqualTo(new BigDecimal("21.00"));
        assertThat(film.cast()).containsEntry(10, new FilmItem.CastName("PENELOPE", "GUINESS"));
        assertThat(film.categories()).containsEntry(6, "Documentary");
        assertThat(film.listed()).isTrue();
    }

    @Test
    void aLiveCastEdgeIsInGsi1AndARemovedOneIsNot() {
        Map<String, AttributeValue> live = item("FILM#1", "ACTOR#10", "CAST", Map.of("filmId", n("1"),
                "filmTitle", s("ACADEMY DINOSAUR"), "removed", AttributeValue.fromBool(false), "actorId", n("10"),
                "firstName", s("PENELOPE"), "lastName", s("GUINESS"), FilmsTable.GSI1_PK, s("ACTOR#10"),
                FilmsTable.GSI1_SK, s("FILM#ACADEMY DINOSAUR#1")));
        Map<String, AttributeValue> removed = new HashMap<>(live);
        removed.put("removed", AttributeValue.fromBool(true));
        removed.remove(FilmsTable.GSI1_PK);
        removed.remove(FilmsTable.GSI1_SK);

        assertThat(assertRoundTrip(CastItem.KIND, live).live()).isTrue();
        assertThat(assertRoundTrip(CastItem.KIND, removed).live()).isFalse();
    }

    @Test
    void anActorListsTheFilmsItIsCastInAndOneInNoFilmHasNoSet() {
        Map<String, AttributeValue> cast = item("ACTOR#10", "#META", "ACTOR", Map.of("actorId", n("10"),
                "firstName", s("PENELOPE"), "lastName", s("GUINESS"), "films", AttributeValue.fromNs(List.of("1", "23")),
                FilmsTable.GSI2_PK, s("ACTORS"), FilmsTable.GSI2_SK, s("NAME#GUINESS PENELOPE#10")));
        Map<String, AttributeValue> uncast = new HashMap<>(cast);
        uncast.remove("films");

        assertThat(assertRoundTrip(ActorItem.KIND, cast).films()).containsExactly(1, 23);
        assertThat(assertRoundTrip(ActorItem.KIND, uncast).films()).isEmpty();
    }

    @Test
    void aCopyOutOnTwoRentalsIsHeldByTheEarliest() {
        Map<String, AttributeValue> stored = item("FILM#1", "COPY#7", "COPY", Map.of("copyId", n("7"), "filmId", n("1"),
                "storeId", n("2"), "retired", AttributeValue.fromBool(false),
                "openRentals", m(Map.of("900", n("5"), "41", n("3"))),
                FilmsTable.GSI2_PK, s("COPY#7"), FilmsTable.GSI2_SK, s("FILM#1")));

        assertThat(assertRoundTrip(CopyItem.KIND, stored).inCirculation()).contains(new FilmView.Copy(7, 2, false, 3));
    }

    @Test
    void aStoreWithItsAddressAndACustomer() {
        Map<String, AttributeValue> address = Map.of("address", s("47 MySakila Drive"), "district", s("Alberta"),
                "city", s("Lethbridge"), "country", s("Canada"), "phone", s("14033335568"));
        Map<String, AttributeValue> store = new HashMap<>(address);
        store.putAll(Map.of("storeId", n("1"), "managerStaffId", n("1"), FilmsTable.GSI2_PK, s("STORES"),
                FilmsTable.GSI2_SK, s("ID#0000000001")));
        Map<String, AttributeValue> customer = new HashMap<>(address);
        customer.putAll(Map.of("customerId", n("5"), "storeId", n("1"), "firstName", s("ELIZABETH"), "lastName", s("BROWN"),
                "email", s("ELIZABETH.BROWN@sakilacustomer.org"), "active", AttributeValue.fromBool(true),
                FilmsTable.GSI2_PK, s("CUSTOMERS"), FilmsTable.GSI2_SK, s("ID#0000000005")));

        assertThat(assertRoundTrip(StoreItem.KIND, item("STORE#1", "#META", "STORE", store)).address().city()).isEqualTo("Lethbridge");
        CustomerItem read = assertRoundTrip(CustomerItem.KIND, item("CUSTOMER#5", "#META", "CUSTOMER", customer));
        assertThat(read.address().postalCode()).isNull();
        assertThat(read.active()).isTrue();
    }

    @Test
    void aReturnedRentalItsPaymentAndTheirSalesTotal() {
        Map<String, AttributeValue> rental = item("RENTAL#76", "#META", "RENTAL", Map.ofEntries(
                Map.entry("rentalId", n("76")), Map.entry("copyId", n("3021")), Map.entry("filmId", n("663")),
                Map.entry("storeId", n("2")), Map.entry("customerId", n("1")), Map.entry("staffId", n("2")),
                Map.entry("rentedAt", s("2022-05-25T11:30:37Z")), Map.entry("dueAt", s("2022-05-29T11:30:37Z")),
                Map.entry("rentalRate", n("4.99")), Map.entry("rentalDuration", n("4")),
                Map.entry("returnedAt", s("2022-06-03T12:00:30Z")), Map.entry("lateDays", n("5")), Map.entry("lateFee", n("5")),
                Map.entry(FilmsTable.GSI1_PK, s("CUSTOMER#1")),
                Map.entry(FilmsTable.GSI1_SK, s("RENTAL#2022-05-25T11:30:37Z#0000000076"))));
        Map<String, AttributeValue> payment = item("RENTAL#76", "PAYMENT#16050", "PAYMENT", Map.of("paymentId", n("16050"),
                "customerId", n("1"), "staffId", n("2"), "rentalId", n("76"), "amount", n("2.99"),
                "paidAt", s("2022-05-25T11:30:37Z"), FilmsTable.GSI1_PK, s("CUSTOMER#1"),
                FilmsTable.GSI1_SK, s("PAYMENT#2022-05-25T11:30:37Z#0000016050"), FilmsTable.GSI2_PK, s("PAYMENTS#2022-05"),
                FilmsTable.GSI2_SK, s("CUSTOMER#1#0000016050")));
        Map<String, AttributeValue> total = item("SALES", "STORE#0000000002#FILM#0000000663", "SALES", Map.of(
                "storeId", n("2"), "filmId", n("663"), "total", n("23.96"), "payments", n("4")));

        RentalItem returned = assertRoundTrip(RentalItem.KIND, rental);
        assertThat(returned.lateFee()).isEqualTo(new BigDecimal("5.00"));
        assertThat(returned.returnedAt()).isEqualTo(Instant.parse("2022-06-03T12:00:30Z"));
        assertThat(assertRoundTrip(PaymentItem.KIND, payment).amount()).isEqualTo(new BigDecimal("2.99"));
        assertThat(assertRoundTrip(SalesTotalItem.KIND, total).payments()).isEqualTo(4);
    }

    /** Reads the stored item as its kind, and checks the kind writes back exactly what was stored. */
    private static <T> T assertRoundTrip(ItemKind<T> kind, Map<String, AttributeValue> stored) {
        assertThat(kind.isKindOf(stored)).isTrue();
        T read = kind.from(stored);
        Map<String, AttributeValue> attributes = new HashMap<>(stored);
        attributes.keySet().removeAll(List.of(FilmsTable.PK, FilmsTable.SK, FilmsTable.POSITION));
        assertThat(kind.attributesOf(read)).isEqualTo(attributes);
        return read;
    }

    private static Map<String, AttributeValue> item(String pk, String sk, String type, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put(FilmsTable.PK, s(pk));
        item.put(FilmsTable.SK, s(sk));
        item.put(FilmsTable.POSITION, n("42"));
        item.put(ItemKind.TYPE, s(type));
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static AttributeValue m(Map<String, AttributeValue> value) {
        return AttributeValue.fromM(value);
    }
}
