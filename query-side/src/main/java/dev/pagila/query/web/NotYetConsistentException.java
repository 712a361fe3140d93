package dev.pagila.query.web;

import java.time.Duration;

/** The read stores have not caught up with a position the client asked to read at least. */
public class NotYetConsistentException extends RuntimeException {

    private final long position;

    public NotYetConsistentException(long position, Duration waited) {
        super("the read model has not reached position " + position + " within " + waited.toMillis() + " ms; retry shortly");
        this.position = position;
    }

    public long position() {
        return position;
    }
}
