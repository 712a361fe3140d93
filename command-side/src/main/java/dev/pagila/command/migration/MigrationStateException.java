package dev.pagila.command.migration;

/** An operation on the live migration that its current state does not allow (answered 409). */
public class MigrationStateException extends RuntimeException {

    public MigrationStateException(String message) {
        super(message);
    }
}
