package dev.pagila.client;

/** An answer a caller cannot use: a status it did not expect, or a body that is not the record it reads. */
public final class ApiException extends RuntimeException {

    private static final int LONGEST_BODY = 300;

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The answer's HTTP status. */
    public int status() {
        return status;
    }

    /** A body short enough for a message, on one line. */
    static String snippet(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.length() <= LONGEST_BODY ? flat : flat.substring(0, LONGEST_BODY) + "...";
    }
}
