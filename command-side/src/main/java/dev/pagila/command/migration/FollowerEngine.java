package dev.pagila.command.migration;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import org.apache.kafka.connect.source.SourceRecord;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Debezium's embedded engine reading the replication slot the import was aligned with (pgoutput, no Kafka), on a
 * thread of its own, and where it keeps its offsets: in the platform's database ({@link ConnectorOffsets}), stored
 * after each batch is handled, so delivery is at least once and any instance resumes where the last one stopped.
 * <p>
 * Not thread-safe on its own: {@link LegacyFollower} starts and stops it under its monitor; {@link #running()} may be
 * read without. What the engine's thread runs (the batch handler, the completion callback) must never take that
 * monitor: {@link #stop()} is called holding it and waits for the batch in progress.
 */
@Component
final class FollowerEngine {

    private static final String HEARTBEAT_PREFIX = "pagila-platform-heartbeat";

    private final MigrationProperties properties;
    private final DataSourceProperties platformDatabase;
    private volatile DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private volatile ExecutorService runner;

    FollowerEngine(MigrationProperties properties, DataSourceProperties platformDatabase) {
        this.properties = properties;
        this.platformDatabase = platformDatabase;
    }

    /**
     * Starts reading the slot from the stored offsets. A batch {@code handler} that returns has its changes'
     * offsets stored; one that throws stops the engine with nothing stored, and {@code completion} hears why (on the
     * engine's thread).
     */
    void start(SystemOfRecord.Migration migration, Consumer<List<ChangeEvent<SourceRecord, SourceRecord>>> handler,
               DebeziumEngine.CompletionCallback completion) {
        engine = DebeziumEngine.create(Connect.class)
                .using(connectorProperties(migration))
                .notifying((records, committer) -> {
                    handler.accept(records);
                    for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
                        committer.markProcessed(record);
                    }
                    committer.markBatchFinished();
                })
                .using(completion)
                .build();
        runner = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "legacy-follower"));
        runner.execute(engine);
    }

    boolean running() {
        return engine != null;
    }

    /** Stops the engine and waits (30 s at most) for the batch in progress to be handled. */
    void stop() throws Exception {
        try {
            engine.close();
            runner.shutdown();
            runner.awaitTermination(30, TimeUnit.SECONDS);
        } finally {
            engine = null;
            runner = null;
        }
    }

    private Properties connectorProperties(SystemOfRecord.Migration migration) {
        URI source = URI.create(properties.source().url().substring("jdbc:".length()));
        Properties connector = new Properties();
        connector.setProperty("name", "pagila-legacy");
        connector.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        connector.setProperty("database.hostname", source.getHost());
        connector.setProperty("database.port", String.valueOf(source.getPort() < 0 ? 5432 : source.getPort()));
        connector.setProperty("database.dbname", source.getPath().substring(1));
        connector.setProperty("database.user", properties.source().user());
        if (properties.source().password() != null) {
            connector.setProperty("database.password", properties.source().password());
        }
        connector.setProperty("topic.prefix", "legacy");
        connector.setProperty("plugin.name", "pgoutput");
        connector.setProperty("slot.name", migration.slot());
        connector.setProperty("publication.name", migration.publication());
        connector.setProperty("publication.autocreate.mode", "disabled"); // created with the slot, before its snapshot
        connector.setProperty("snapshot.mode", "no_data"); // the import was the snapshot
        connector.setProperty("table.include.list", ReplicationSlot.FOLLOWED_TABLES.stream()
                .map(table -> "public." + table).collect(Collectors.joining(",")));
        // never captured: the search vector is derived and pictures are not migrated; staff.password is, for the
        // account alone (never for an event)
        connector.setProperty("column.exclude.list", "public.film.fulltext,public.staff.picture");
        connector.setProperty("decimal.handling.mode", "string");
        connector.setProperty("tombstones.on.delete", "false");
        // hands changes over every 50 ms rather than the default 500: the follow lag a cut-over waits for
        connector.setProperty("poll.interval.ms", "50");
        connector.setProperty("message.prefix.include.list", DrainAndCutOver.MARKER_PREFIX + "," + HEARTBEAT_PREFIX);
        // While the legacy database is quiet and other databases of its server are not, a tiny non-transactional
        // message in its WAL lets the slot confirm a newer position, so the server can recycle its WAL.
        connector.setProperty("heartbeat.interval.ms", "5000");
        connector.setProperty("heartbeat.action.query", "SELECT pg_logical_emit_message(false, '" + HEARTBEAT_PREFIX + "', '')");
        connector.setProperty("offset.storage", ConnectorOffsets.class.getName());
        connector.setProperty("offset.flush.interval.ms", "0");
        connector.setProperty(ConnectorOffsets.URL, platformDatabase.determineUrl());
        connector.setProperty(ConnectorOffsets.USER, platformDatabase.determineUsername());
        connector.setProperty(ConnectorOffsets.PASSWORD, platformDatabase.determinePassword());
        return connector;
    }
}
