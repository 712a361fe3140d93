package dev.pagila.command.migration;

/** A command arrived while the monolith still takes the writes the platform follows (before cut-over). */
public class LegacyIsSystemOfRecordException extends RuntimeException {

    public LegacyIsSystemOfRecordException() {
        super("the monolith is still the system of record: this platform follows its database and opens its command"
                + " API at cut-over");
    }
}
