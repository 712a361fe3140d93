package dev.pagila.command.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagila.command.identity.Accounts;
import dev.pagila.command.support.CommandSideInstance;
import dev.pagila.command.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live migration against real PostgreSQL: a Pagila database changed with SQL while it is imported and while it
 * is followed through a logical replication slot (pgoutput, Debezium's embedded engine), then cut over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyFollowerTest {

    private static final String OPERATOR_PASSWORD = "operator-secret-1";
    private static final String HIRED_PASSWORD = "second-day-password-3";
    private static final String LEAVER_PASSWORD = "last-day-password-6";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataSource legacyDatabase;
    private JdbcTemplate legacy;
    private String eventStoreUrl;
    private CommandSideInstance commandSide;
    private int paymentDuringImport;
    private int leaver;
    private int dismissed;
    private int storeOpener;

    @BeforeAll
    void importWhileTheMonolithKeepsWriting() throws Exception {
        legacyDatabase = TestDatabases.legacyCopy("follow_legacy");
        legacy = new JdbcTemplate(legacyDatabase);
        // staff of the monolith when it is imported, so with accounts here: they leave or open a store while it is followed
        leaver = staffMember("Dana", sha1(LEAVER_PASSWORD));
        dismissed = staffMember("Del", null);
        storeOpener = staffMember("Manny", null);
        eventStoreUrl = TestDatabases.eventStore("follow_events");
        commandSide = start();
        MigrationProperties properties = commandSide.bean(MigrationProperties.class);
        AtomicBoolean changed = new AtomicBoolean();
        // committed in the monolith after the slot's snapshot, while the import runs: the import must not see them
        // and the follower must bring them exactly once
        ImportProgress writeWhileImporting = (done, total) -> {
            if (changed.compareAndSet(false, true)) {
                paymentDuringImport = legacy.queryForObject("INSERT INTO payment (customer_id, staff_id, rental_id, amount,"
                        + " payment_date) VALUES (1, 1, 76, 3.33, '2022-07-20 10:00:00+00') RETURNING payment_id", Integer.class);
                legacy.update("UPDATE film SET rental_rate = 1.11 WHERE film_id = 1");
            }
        };
        commandSide.bean(PagilaImporter.class).importToFollow(properties.source(), properties.slot(), properties.publication(),
                writeWhileImporting);
        assertThat(changed).isTrue();
    }

    private CommandSideInstance start() throws Exception {
        return CommandSideInstance.start(eventStoreUrl,
                "pagila.migration.source.url=" + TestDatabases.server().jdbcUrl("follow_legacy"),
                "pagila.security.operator.password=" + OPERATOR_PASSWORD, "pagila.migration.retry-after=1s");
    }

    @AfterAll
    void stop() {
        if (commandSide != null) {
            commandSide.close();
        }
    }

    @Test
    @Order(1)
    void theImportReadsTheSlotsSnapshotAndTheFollowerBringsWhatWasCommittedDuringIt() throws Exception {
        assertThat(paymentEvents(paymentDuringImport)).isZero();
        assertThat(eventCount("FilmPricingChangedEvent", "film-1")).isZero();

        HttpResponse<String> resumed = operator().post("/api/migration/follow");
        assertThat(resumed.statusCode()).isEqualTo(200);
        drain();

        assertThat(paymentEvents(paymentDuringImport)).isEqualTo(1);
        assertThat(events().queryForObject("SELECT count(*) FROM events.domain_event_entry WHERE aggregate_identifier = 'film-1'"
                + " AND payload_type LIKE '%FilmPricingChangedEvent' AND convert_from(payload, 'UTF8')::jsonb ->> 'rentalRate' = '1.11'",
                Long.class)).isEqualTo(1);
    }

    @Test
    @Order(2)
    void rentalsReturnsPaymentsCatalogueAndCustomerChangesBecomeEvents() throws Exception {
        int copy = legacy.queryForObject("""
                SELECT min(i.inventory_id) FROM inventory i WHERE i.film_id = 1
                AND NOT EXISTS (SELECT 1 FROM rental r WHERE r.inventory_id = i.inventory_id AND r.return_date IS NULL)""", Integer.class);
        int rental = legacy.queryForObject("INSERT INTO rental (rental_date, inventory_id, customer_id, staff_id)"
                + " VALUES ('2022-07-21 10:00:00+00', ?, 2, 1) RETURNING rental_id", Integer.class, copy);
        legacy.update("UPDATE rental SET return_date = '2022-07-25 10:00:00+00' WHERE rental_id = ?", rental);
        int payment = legacy.queryForObject("INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)"
                + " VALUES (2, 1, ?, 1.11, '2022-07-25 10:00:00+00') RETURNING payment_id", Integer.class, rental);
        legacy.update("UPDATE film SET description = 'Revised in the monolith' WHERE film_id = 2");
        int customer = legacy.queryForObject("INSERT INTO customer (store_id, first_name, last_name, email, address_id,"
                + " activebool, create_date) VALUES (1, 'NEW', 'CUSTOMER', 'new@example.com', 5, true, '2022-08-01')"
                + " RETURNING customer_id", Integer.class);
        int castActor = legacy.queryForObject("SELECT min(actor_id) FROM actor WHERE actor_id NOT IN"
                + " (SELECT actor_id FROM film_actor WHERE film_id = 1)", Integer.class);
        int uncastActor = legacy.queryForObject("SELECT min(actor_id) FROM film_actor WHERE film_id = 1", Integer.class);
        legacy.update("INSERT INTO film_actor (actor_id, film_id) VALUES (?, 1)", castActor);
        legacy.update("DELETE FROM film_actor WHERE film_id = 1 AND actor_id = ?", uncastActor);
        legacy.update("UPDATE customer SET last_name = 'RENAMED' WHERE customer_id = 3");

        drain();

        Map<String, Object> rented = events().queryForMap("SELECT aggregate_identifier, time_stamp, convert_from(payload, 'UTF8') AS json"
                + " FROM events.domain_event_entry WHERE payload_type LIKE '%FilmRentedEvent'"
                + " AND convert_from(payload, 'UTF8')::jsonb ->> 'rentalId' = ?", String.valueOf(rental));
        assertThat(rented.get("aggregate_identifier")).isEqualTo("copy-" + copy);
        assertThat((String) rented.get("time_stamp")).startsWith("2022-07-21T10:00");
        JsonNode rentedJson = JSON.readTree((String) rented.get("json"));
        assertThat(rentedJson.get("rentalRate").asText()).as("the film's terms when rented, repriced during the import")
                .isEqualTo("1.11");
        assertThat(rentedJson.get("customerId").asInt()).isEqualTo(2);
        assertThat(eventsOfRental("RentalReturnedEvent", rental)).isEqualTo(1);
        assertThat(paymentEvents(payment)).isEqualTo(1);
        assertThat(eventCount("FilmDetailsRevisedEvent", "film-2")).isEqualTo(1);
        assertThat(eventCount("CustomerRegisteredEvent", "customer-" + customer)).isEqualTo(1);
        assertThat(eventCount("ActorCastEvent", "film-1")).isEqualTo(legacy.queryForObject(
                "SELECT count(*) FROM film_actor WHERE film_id = 1", Long.class) + 1);
        assertThat(eventCount("ActorRemovedFromFilmEvent", "film-1")).isEqualTo(1);
        assertThat(eventCount("CustomerDetailsChangedEvent", "customer-3")).isEqualTo(1);
        assertThat(events().queryForObject("SELECT count(*) FROM events.domain_event_entry WHERE convert_from(payload, 'UTF8')"
                + " LIKE '%password%'", Long.class)).as("credentials never enter the event store").isZero();
    }

    @Test
    @Order(2)
    void aPasswordChangedInTheMonolithSignsInOnThePlatformUnlessOneWasSetHere() throws Exception {
        // Jon is locked out on the platform when the monolith gives him a new password
        events().update("UPDATE identity.account SET failed_attempts = 5, locked_until = now() + interval '1 hour'"
                + " WHERE username = 'Jon'");
        Map<String, Object> mike = account("Mike");
        legacy.update("UPDATE staff SET password = ? WHERE staff_id = 2", sha1("changed-in-the-monolith-4"));
        legacy.update("UPDATE staff SET email = 'jon@example.com' WHERE staff_id = 2"); // other columns only
        legacy.update("UPDATE staff SET email = 'mike@example.com' WHERE staff_id = 1");
        drain();

        Map<String, Object> jon = account("Jon");
        assertThat(jon.get("password_hash")).isEqualTo(Accounts.legacyHash(sha1("changed-in-the-monolith-4")));
        assertThat(jon).as("still locked, still active").containsEntry("failed_attempts", 5).containsEntry("locked", true)
                .containsEntry("active", true);
        assertThat(account("Mike")).as("a row changed in other columns only").isEqualTo(mike);
        events().update("UPDATE identity.account SET failed_attempts = 0, locked_until = NULL WHERE username = 'Jon'");
        assertThat(commandSide.signIn("Jon", "12345").statusCode()).isEqualTo(401);
        assertThat(commandSide.signIn("Jon", "changed-in-the-monolith-4").statusCode()).isEqualTo(200);
        assertThat(events().queryForObject("SELECT count(*) FROM events.domain_event_entry WHERE convert_from(payload, 'UTF8')"
                + " LIKE ?", Long.class, "%" + sha1("changed-in-the-monolith-4") + "%")).as("no event carries it").isZero();

        // a password set on the platform wins over the monolith's later ones
        HttpResponse<String> set = commandSide.send(HttpRequest.newBuilder(URI.create(commandSide.url("/api/staff/2/password")))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\": \"set-on-the-platform-8\"}")), "Bearer " + token("admin", OPERATOR_PASSWORD));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(204);
        legacy.update("UPDATE staff SET password = ? WHERE staff_id = 2", sha1("changed-again-in-the-monolith-5"));
        // hired in the monolith while it is followed, given a password, then another
        int hired = legacy.queryForObject("INSERT INTO staff (first_name, last_name, address_id, email, store_id, username,"
                + " password) VALUES ('Nina', 'Newman', 3, 'nina@example.com', 1, 'Nina', ?) RETURNING staff_id", Integer.class,
                sha1("first-day-password-2"));
        legacy.update("UPDATE staff SET password = ? WHERE staff_id = ?", sha1(HIRED_PASSWORD), hired);
        drain();

        assertThat(commandSide.signIn("Jon", "changed-again-in-the-monolith-5").statusCode()).isEqualTo(401);
        assertThat(commandSide.signIn("Jon", "set-on-the-platform-8").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aMemberOfStaffWhoOpensAStoreInTheMonolithBecomesAManagerHere() throws Exception {
        assertThat(accountFlag("Manny", "manager")).isFalse();

        int store = legacy.queryForObject("INSERT INTO store (manager_staff_id, address_id) VALUES (?, 5) RETURNING store_id",
                Integer.class, storeOpener);
        drain();

        assertThat(eventCount("StoreOpenedEvent", "store-" + store)).isEqualTo(1);
        assertThat(accountFlag("Manny", "manager")).isTrue();
    }

    @Test
    @Order(3)
    void commandsAreRefusedWhileTheMonolithIsTheSystemOfRecord() throws Exception {
        long stored = storedEvents();
        CommandSideInstance mike = signedIn("Mike", "12345");

        HttpResponse<String> refused = mike.post("/api/payments", "{\"customerId\": 1, \"amount\": 1.00}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("urn:pagila:problem:legacy-system-of-record");
        assertThat(storedEvents()).isEqualTo(stored);
    }

    @Test
    @Order(4)
    void aRedeliveredStretchOfChangesAppendsNothing() throws Exception {
        // Rewinds delivery exactly as a crash between appending and storing the offsets would: the slot and the
        // offsets as they were before the changes, the events after them.
        operator().post("/api/migration/pause");
        legacy.execute("SELECT pg_copy_logical_replication_slot('pagila_platform', 'pagila_rewind')");
        List<Map<String, Object>> offsets = events().queryForList("SELECT offset_key, offset_value FROM migration.connector_offset");
        operator().post("/api/migration/follow");
        List<Integer> payments = legacy.queryForList("INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)"
                + " SELECT 4, 2, 1, 0.50, '2022-07-26 10:00:00+00' FROM generate_series(1, 5) RETURNING payment_id", Integer.class);
        drain();
        long stored = storedEvents();
        operator().post("/api/migration/pause");
        legacy.execute("SELECT pg_drop_replication_slot('pagila_platform')");
        legacy.execute("SELECT pg_copy_logical_replication_slot('pagila_rewind', 'pagila_platform')");
        legacy.execute("SELECT pg_drop_replication_slot('pagila_rewind')");
        events().update("DELETE FROM migration.connector_offset");
        for (Map<String, Object> offset : offsets) {
            events().update("INSERT INTO migration.connector_offset VALUES (?, ?)", offset.get("offset_key"), offset.get("offset_value"));
        }

        operator().post("/api/migration/follow");
        drain();

        assertThat(storedEvents()).isEqualTo(stored);
        for (int payment : payments) {
            assertThat(paymentEvents(payment)).isEqualTo(1);
        }
        assertThat(status().get("redeliveriesSkipped").asLong()).isGreaterThanOrEqualTo(payments.size());
    }

    @Test
    @Order(4)
    void staffWhoLeaveTheMonolithCannotSignInHereNorAfterTheirChangesAreDeliveredAgain() throws Exception {
        assertThat(commandSide.signIn("Dana", LEAVER_PASSWORD).statusCode()).as("imported with an account").isEqualTo(200);
        // the slot and the offsets as they are before the changes, to deliver them again as a crash would
        operator().post("/api/migration/pause");
        legacy.execute("SELECT pg_copy_logical_replication_slot('pagila_platform', 'pagila_leavers')");
        List<Map<String, Object>> offsets = events().queryForList("SELECT offset_key, offset_value FROM migration.connector_offset");
        operator().post("/api/migration/follow");

        legacy.update("UPDATE staff SET active = false WHERE staff_id = ?", leaver);
        legacy.update("DELETE FROM staff WHERE staff_id = ?", dismissed);
        drain();

        assertThat(eventCount("StaffDeactivatedEvent", "staff-" + leaver)).isEqualTo(1);
        assertThat(accountFlag("Dana", "active")).isFalse();
        assertThat(accountFlag("Del", "active")).as("deleted in the monolith").isFalse();
        assertThat(commandSide.signIn("Dana", LEAVER_PASSWORD).statusCode()).isEqualTo(401);

        // active again in the monolith: the platform has no reactivation, so neither has the account
        legacy.update("UPDATE staff SET active = true WHERE staff_id = ?", leaver);
        drain();
        assertThat(accountFlag("Dana", "active")).isFalse();

        operator().post("/api/migration/pause");
        legacy.execute("SELECT pg_drop_replication_slot('pagila_platform')");
        legacy.execute("SELECT pg_copy_logical_replication_slot('pagila_leavers', 'pagila_platform')");
        legacy.execute("SELECT pg_drop_replication_slot('pagila_leavers')");
        events().update("DELETE FROM migration.connector_offset");
        for (Map<String, Object> offset : offsets) {
            events().update("INSERT INTO migration.connector_offset VALUES (?, ?)", offset.get("offset_key"), offset.get("offset_value"));
        }
        long rowChanges = status().get("rowChanges").asLong();
        operator().post("/api/migration/follow");
        drain();

        assertThat(status().get("rowChanges").asLong() - rowChanges).as("the three changes, delivered again")
                .isGreaterThanOrEqualTo(3);
        assertThat(eventCount("StaffDeactivatedEvent", "staff-" + leaver)).isEqualTo(1);
        assertThat(accountFlag("Dana", "active")).isFalse();
        assertThat(accountFlag("Del", "active")).isFalse();
        assertThat(commandSide.signIn("Dana", LEAVER_PASSWORD).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void aPauseWhileABatchIsBeingAppliedWaitsForThatBatchOnly() throws Exception {
        awaitState("following");
        LegacyFollower follower = commandSide.bean(LegacyFollower.class);
        int payment;
        Thread pauser;
        long[] pausedAfterMillis = {-1};
        // holds the follower's batch in its append: the event table locked against writes, not reads
        try (java.sql.Connection blocker = TestDatabases.server().database("follow_events").getConnection()) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("LOCK TABLE events.domain_event_entry IN EXCLUSIVE MODE");
            payment = legacy.queryForObject("INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)"
                    + " VALUES (9, 1, 1, 0.45, '2022-07-26 12:00:00+00') RETURNING payment_id", Integer.class);
            JdbcTemplate store = events();
            awaitUntil("the batch waits for the event table", () -> store.queryForObject("SELECT count(*) FROM pg_locks"
                    + " WHERE relation = 'events.domain_event_entry'::regclass AND NOT granted", Long.class) > 0);
            // the operator pauses meanwhile: the pause stops the engine, which waits for the batch to finish
            pauser = new Thread(() -> {
                long started = System.nanoTime();
                follower.pause();
                pausedAfterMillis[0] = (System.nanoTime() - started) / 1_000_000;
            }, "pauser");
            pauser.start();
            awaitUntil("the pause waits for the engine to stop", () -> java.util.Arrays.stream(pauser.getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().equals("stopEngine")));
            blocker.rollback(); // the batch appends and records its progress while the pause still waits for it
        }
        pauser.join(120_000); // a batch waiting for the pause would be freed only by the engine's stop timeouts
        assertThat(pausedAfterMillis[0]).as("the pause ended as soon as the batch did").isBetween(0L, 15_000L);
        assertThat(status().get("state").asText()).isEqualTo("paused");

        follower.follow();
        drain();
        assertThat(paymentEvents(payment)).isEqualTo(1);
    }

    @Test
    @Order(5)
    void aStandbyInstanceTakesOverMidStreamWithoutGapsOrDuplicates() throws Exception {
        int before = legacy.queryForObject("SELECT max(payment_id) FROM payment", Integer.class);
        CommandSideInstance first = commandSide;
        CommandSideInstance second = start();
        commandSide = second;
        assertThat(status().get("state").asText()).as("one follower per event store").isEqualTo("standby");
        Thread monolith = new Thread(() -> {
            for (int i = 0; i < 300; i++) {
                legacy.update("INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)"
                        + " VALUES (5, 1, 1, 0.25, '2022-07-27 10:00:00+00')");
            }
        });
        monolith.start();
        Thread.sleep(300);
        first.close(); // the follower's instance goes away mid-stream; the standby takes over from the stored offsets
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (!status().get("state").asText().equals("following")) {
            assertThat(java.time.Instant.now()).as("the standby took over").isBefore(deadline);
            Thread.sleep(200);
        }
        monolith.join();
        drain();

        List<Long> distinctAndAll = events().queryForObject("SELECT count(DISTINCT convert_from(payload, 'UTF8')::jsonb ->> 'paymentId'),"
                        + " count(*) FROM events.domain_event_entry WHERE payload_type LIKE '%PaymentTakenEvent'"
                        + " AND (convert_from(payload, 'UTF8')::jsonb ->> 'paymentId')::int > ?",
                (row, n) -> List.of(row.getLong(1), row.getLong(2)), before);
        assertThat(distinctAndAll).containsExactly(300L, 300L);
    }

    @Test
    @Order(6)
    void aFollowerStoppedByAFailureFollowsAgainByItselfAndLosesNothing() throws Exception {
        // the platform's database refuses the follower's appends, as an outage would
        events().execute("REVOKE INSERT ON events.domain_event_entry FROM pagila_command");
        int payment;
        try {
            payment = legacy.queryForObject("INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)"
                    + " VALUES (8, 1, 1, 0.35, '2022-07-27 11:00:00+00') RETURNING payment_id", Integer.class);
            awaitState("failed");
            assertThat(status().get("failure").asText()).isNotBlank();
        } finally {
            events().execute("GRANT INSERT ON events.domain_event_entry TO pagila_command");
        }

        awaitState("following");
        drain();

        assertThat(paymentEvents(payment)).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aSecondFollowedImportIntoAStoreThatHoldsEventsIsRefusedAndOpensNoSlot() {
        MigrationProperties properties = commandSide.bean(MigrationProperties.class);

        assertThatThrownBy(() -> commandSide.bean(PagilaImporter.class).importToFollow(properties.source(), "pagila_second",
                properties.publication(), (done, total) -> { }))
                .isInstanceOf(MigrationStateException.class).hasMessageContaining("not empty");
        assertThat(legacy.queryForObject("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'pagila_second'",
                Long.class)).isZero();
    }

    @Test
    @Order(7)
    void cutOverRefusesIfTheMonolithChangedAfterTheCheckThenOpensTheCommandApi() throws Exception {
        String checked = drain();
        legacy.update("INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date)"
                + " VALUES (6, 1, 1, 0.75, '2022-07-28 10:00:00+00')");

        HttpResponse<String> refused = operator().post("/api/migration/cut-over", "{\"checkedAtMarker\": \"" + checked + "\"}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("urn:pagila:problem:migration-state").contains("changed 1 row");

        String rechecked = drain();
        HttpResponse<String> cutOver = operator().post("/api/migration/cut-over", "{\"checkedAtMarker\": \"" + rechecked + "\"}");
        assertThat(cutOver.statusCode()).as(cutOver.body()).isEqualTo(200);

        assertThat(legacy.queryForObject("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'pagila_platform'",
                Long.class)).isZero();
        assertThat(status().get("systemOfRecord").asText()).isEqualTo("platform");
        int copyInStock = legacy.queryForObject("""
                SELECT min(i.inventory_id) FROM inventory i
                WHERE NOT EXISTS (SELECT 1 FROM rental r WHERE r.inventory_id = i.inventory_id AND r.return_date IS NULL)""", Integer.class);
        HttpResponse<String> rented = signedIn("Mike", "12345").post("/api/rentals",
                "{\"inventoryId\": " + copyInStock + ", \"customerId\": 7}");
        assertThat(rented.statusCode()).as(rented.body()).isEqualTo(201);
        assertThat(JSON.readTree(rented.body()).get("rentalId").asInt()).as("new ids start above the monolith's")
                .isGreaterThan(legacy.queryForObject("SELECT max(rental_id) FROM rental", Integer.class));
        assertThat(commandSide.signIn("Nina", HIRED_PASSWORD).statusCode())
                .as("hired in the monolith while it was followed, with the password it gave her last").isEqualTo(200);
    }

    private String drain() throws Exception {
        HttpResponse<String> drained = operator().post("/api/migration/drain");
        assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
        return JSON.readTree(drained.body()).get("marker").asText();
    }

    private void awaitState(String state) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (!status().get("state").asText().equals(state)) {
            assertThat(java.time.Instant.now()).as("the follower became " + state + ": " + status()).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static void awaitUntil(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (!condition.call()) {
            assertThat(java.time.Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private JsonNode status() throws Exception {
        return JSON.readTree(operator().get("/api/migration").body());
    }

    private CommandSideInstance operator() throws Exception {
        return signedIn("admin", OPERATOR_PASSWORD);
    }

    private CommandSideInstance signedIn(String username, String password) throws Exception {
        return commandSide.signInAs(username, password);
    }

    private Map<String, Object> account(String username) {
        return events().queryForMap("SELECT password_hash, failed_attempts, locked_until IS NOT NULL AS locked, active"
                + " FROM identity.account WHERE username = ?", username);
    }

    /** A member of staff of store 1, inserted into the monolith; returns the id. */
    private int staffMember(String username, String sha1Password) {
        return legacy.queryForObject("INSERT INTO staff (first_name, last_name, address_id, email, store_id, username,"
                + " password) VALUES (?, 'Staff', 3, ?, 1, ?, ?) RETURNING staff_id", Integer.class, username,
                username.toLowerCase() + "@example.com", username, sha1Password);
    }

    /** {@code active} or {@code manager} of an account. */
    private boolean accountFlag(String username, String flag) {
        return events().queryForObject("SELECT " + flag + " FROM identity.account WHERE username = ?", Boolean.class, username);
    }

    private String token(String username, String password) throws Exception {
        HttpResponse<String> signedIn = commandSide.signIn(username, password);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        return JSON.readTree(signedIn.body()).get("access_token").asText();
    }

    /** Pagila's {@code staff.password}: the hex SHA-1 of the password. */
    private static String sha1(String password) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    private JdbcTemplate events() {
        return new JdbcTemplate(TestDatabases.server().database("follow_events"));
    }

    private long storedEvents() {
        return events().queryForObject("SELECT count(*) FROM events.domain_event_entry", Long.class);
    }

    private long paymentEvents(int paymentId) {
        return events().queryForObject("SELECT count(*) FROM events.domain_event_entry WHERE payload_type LIKE '%PaymentTakenEvent'"
                + " AND convert_from(payload, 'UTF8')::jsonb ->> 'paymentId' = ?", Long.class, String.valueOf(paymentId));
    }

    private long eventsOfRental(String type, int rentalId) {
        return events().queryForObject("SELECT count(*) FROM events.domain_event_entry WHERE payload_type LIKE ?"
                + " AND convert_from(payload, 'UTF8')::jsonb ->> 'rentalId' = ?", Long.class, "%" + type, String.valueOf(rentalId));
    }

    private long eventCount(String type, String stream) {
        return events().queryForObject("SELECT count(*) FROM events.domain_event_entry WHERE payload_type LIKE ?"
                + " AND aggregate_identifier = ?", Long.class, "%" + type, stream);
    }
}
