package dev.pagila.parity;

/** The check could not be run at all (an endpoint unreachable, the legacy database not Pagila): exit code 2. */
public final class ParityException extends RuntimeException {

    public ParityException(String message) {
        super(message);
    }

    public ParityException(String message, Throwable cause) {
        super(message, cause);
    }
}
