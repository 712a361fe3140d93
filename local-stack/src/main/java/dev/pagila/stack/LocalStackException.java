package dev.pagila.stack;

/** A problem starting the local stack that the user can fix; its message is meant to be printed alone. */
public class LocalStackException extends RuntimeException {

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
