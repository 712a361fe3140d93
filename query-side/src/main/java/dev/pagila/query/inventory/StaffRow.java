package dev.pagila.query.inventory;

/** A row of Pagila's {@code staff_list}. */
public record StaffRow(int id, String name, String address, String zipCode, String phone, String city, String country,
                       int sid) {
}
