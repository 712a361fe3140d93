package dev.pagila.parity;

/** The query API answered, but not in a shape that can be compared (wrong status, no JSON): one mismatch. */
final class UnexpectedAnswer extends RuntimeException {

    UnexpectedAnswer(String message) {
        super(message);
    }
}
