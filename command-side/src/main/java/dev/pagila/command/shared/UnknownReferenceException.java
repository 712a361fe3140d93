package dev.pagila.command.shared;

/** A command names something that does not exist (a rental, a customer, an actor...): answered 404. */
public class UnknownReferenceException extends RuntimeException {

    public UnknownReferenceException(String message) {
        super(message);
    }

    /** "no rental 42 is known", from a typed id whose text is {@code rental-42}. */
    public static UnknownReferenceException forId(Object id) {
        return new UnknownReferenceException(describe(id));
    }

    public static String describe(Object id) {
        return "no " + String.valueOf(id).replace('-', ' ') + " is known";
    }
}
