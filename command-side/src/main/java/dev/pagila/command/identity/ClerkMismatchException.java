package dev.pagila.command.identity;

import dev.pagila.kernel.stores.StaffId;

/** A request naming a clerk other than the one signed in: refused, 403 naming the field. */
public class ClerkMismatchException extends RuntimeException {

    public ClerkMismatchException(StaffId signedIn, int named) {
        super("signed in as staff " + signedIn.value() + ": a clerk records their own work, not staff " + named + "'s");
    }
}
