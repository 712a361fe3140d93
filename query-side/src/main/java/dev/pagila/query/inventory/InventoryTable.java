package dev.pagila.query.inventory;

import dev.pagila.infra.dynamodb.FilmsKeys;
import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.kernel.shared.Address;
import dev.pagila.query.catalog.FilmView;
import dev.pagila.query.table.ItemUpdate;
import dev.pagila.query.table.Items;
import dev.pagila.query.table.ReadModelTable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.pagila.query.table.Items.intOf;
import static dev.pagila.query.table.Items.n;
import static dev.pagila.query.table.Items.s;

/**
 * Stores, staff and copies in the Films table. A copy lives in its film's partition ({@code FILM#f},
 * {@code COPY#c}) so one Query answers a film with its stock; GSI2 ({@code COPY#c}) finds it by copy id. A copy
 * keeps its open rentals (rental id → customer id): Pagila's history rented some copies again without a return,
 * and a copy is in stock only when none is open. Every write comes from the copy's own stream, in stream order,
 * so each is conditional on the event position.
 */
@Component
public class InventoryTable {

    public static final String COPY = "COPY";
    static final String OPEN_RENTALS = "openRentals";

    private final ReadModelTable table;

    public InventoryTable(ReadModelTable table) {
        this.table = table;
    }

    public boolean addCopy(int copyId, int filmId, int storeId, long position) {
        return table.update(FilmsKeys.film(filmId), FilmsKeys.copy(copyId), new ItemUpdate()
                .set("type", s(COPY))
                .set("copyId", n(copyId))
                .set("filmId", n(filmId))
                .set("storeId", n(storeId))
                .set("retired", Items.bool(false))
                .setIfAbsent(OPEN_RENTALS, AttributeValue.fromM(Map.of()))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.copy(copyId)))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.film(filmId))), position);
    }

    public boolean retireCopy(int copyId, int filmId, long position) {
        return table.update(FilmsKeys.film(filmId), FilmsKeys.copy(copyId), new ItemUpdate()
                .set("retired", Items.bool(true)), position);
    }

    public boolean rentOut(int copyId, int filmId, int rentalId, int customerId, long position) {
        return table.update(FilmsKeys.film(filmId), FilmsKeys.copy(copyId), new ItemUpdate()
                .setEntry(OPEN_RENTALS, String.valueOf(rentalId), n(customerId)), position);
    }

    public boolean takeBack(int copyId, int filmId, int rentalId, long position) {
        return table.update(FilmsKeys.film(filmId), FilmsKeys.copy(copyId), new ItemUpdate()
                .removeEntry(OPEN_RENTALS, String.valueOf(rentalId)), position);
    }

    public boolean writeStore(int storeId, int managerStaffId, Address address, long position) {
        return table.update(FilmsKeys.store(storeId), FilmsKeys.META, addressOf(address, new ItemUpdate()
                .set("type", s("STORE"))
                .set("storeId", n(storeId))
                .set("managerStaffId", n(managerStaffId))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.STORES))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.byId(storeId)))), position);
    }

    public boolean writeStaff(int staffId, String firstName, String lastName, Address address, String email, int storeId,
                              String username, boolean active, long position) {
        return table.update(FilmsKeys.staff(staffId), FilmsKeys.META, addressOf(address, new ItemUpdate()
                .set("type", s("STAFF"))
                .set("staffId", n(staffId))
                .set("firstName", s(firstName))
                .set("lastName", s(lastName))
                .setOrRemove("email", s(email))
                .set("storeId", n(storeId))
                .set("username", s(username))
                .set("active", Items.bool(active))
                .set(FilmsTable.GSI2_PK, s(FilmsKeys.STAFF))
                .set(FilmsTable.GSI2_SK, s(FilmsKeys.byId(staffId)))), position);
    }

    /** Deletes every item this projection writes. */
    public long clear() {
        return table.deleteItemsOfTypes(Set.of(COPY, "STORE", "STAFF"));
    }

    /** Address fields as Pagila's views show them; shared by stores, staff and customers. */
    public static ItemUpdate addressOf(Address address, ItemUpdate update) {
        return update
                .set("address", s(address.address()))
                .setOrRemove("address2", s(address.address2()))
                .setOrRemove("district", s(address.district()))
                .set("city", s(address.city()))
                .set("country", s(address.country()))
                .setOrRemove("postalCode", s(address.postalCode()))
                .setOrRemove("phone", s(address.phone()));
    }

    /** The copy item found through GSI2, with the film it belongs to. */
    public Optional<Map<String, AttributeValue>> copyItem(int copyId) {
        return table.indexPartition(FilmsTable.GSI2, FilmsKeys.copy(copyId)).stream().findFirst();
    }

    public Optional<Map<String, AttributeValue>> store(int storeId) {
        return table.get(FilmsKeys.store(storeId), FilmsKeys.META);
    }

    public List<Map<String, AttributeValue>> stores() {
        return table.indexPartition(FilmsTable.GSI2, FilmsKeys.STORES);
    }

    public List<Map<String, AttributeValue>> staff() {
        return table.indexPartition(FilmsTable.GSI2, FilmsKeys.STAFF);
    }

    /** A copy in circulation as a film shows it; retired copies are not. */
    public static Optional<FilmView.Copy> copyOf(Map<String, AttributeValue> item) {
        if (Items.flag(item, "retired")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> open = Items.map(item, OPEN_RENTALS);
        Integer holder = open.entrySet().stream()
                .min(Comparator.comparingInt(entry -> Integer.parseInt(entry.getKey())))
                .map(entry -> Integer.parseInt(entry.getValue().n())).orElse(null);
        return Optional.of(new FilmView.Copy(intOf(item, "copyId"), intOf(item, "storeId"), open.isEmpty(), holder));
    }
}
