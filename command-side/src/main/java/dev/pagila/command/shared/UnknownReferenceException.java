package dev.pagila.command.shared;

/** A command names something that does not exist (a rental, a customer, an actor...): answered 404. */
public class UnknownReferenceException extends RuntimeException {

    public UnknownReferenceException(String message) {
        super(message);
    }
}
