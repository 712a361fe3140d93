package dev.pagila.kernel.shared;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A postal address as Pagila keeps it (address, city and country rows folded into one value). */
public record Address(
        @NotBlank @Size(max = 50) String address,
        @Size(max = 50) String address2,
        @Size(max = 20) String district,
        @NotBlank @Size(max = 50) String city,
        @NotBlank @Size(max = 50) String country,
        @Size(max = 10) String postalCode,
        @Size(max = 20) String phone) {
}
