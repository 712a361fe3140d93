package dev.pagila.query.customers;

/**
 * A row of Pagila's {@code customer_list} ({@code notes} is "active" or empty, {@code sid} the store), with the
 * customer's email.
 */
public record CustomerRow(int id, String name, String address, String zipCode, String phone, String city, String country,
                          String notes, int sid, String email) {
}
