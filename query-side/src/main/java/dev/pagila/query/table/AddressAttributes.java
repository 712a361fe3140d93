package dev.pagila.query.table;

import dev.pagila.kernel.shared.Address;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * The address fields of stores, staff and customers, flattened into their items under the names Pagila's views
 * show them with. The enhanced client builds an immutable value through a builder, which {@link Address} (a kernel
 * record) does not have: {@link Parts} is that builder.
 */
public final class AddressAttributes {

    public static final TableSchema<Address> SCHEMA = StaticImmutableTableSchema.builder(Address.class, Parts.class)
            .newItemBuilder(Parts::new, Parts::build)
            .addAttribute(String.class, a -> a.name("address").getter(Address::address).setter((parts, v) -> parts.address = v))
            .addAttribute(String.class, a -> a.name("address2").getter(Address::address2).setter((parts, v) -> parts.address2 = v))
            .addAttribute(String.class, a -> a.name("district").getter(Address::district).setter((parts, v) -> parts.district = v))
            .addAttribute(String.class, a -> a.name("city").getter(Address::city).setter((parts, v) -> parts.city = v))
            .addAttribute(String.class, a -> a.name("country").getter(Address::country).setter((parts, v) -> parts.country = v))
            .addAttribute(String.class, a -> a.name("postalCode").getter(Address::postalCode).setter((parts, v) -> parts.postalCode = v))
            .addAttribute(String.class, a -> a.name("phone").getter(Address::phone).setter((parts, v) -> parts.phone = v))
            .build();

    private AddressAttributes() {
    }

    private static final class Parts {
        private String address;
        private String address2;
        private String district;
        private String city;
        private String country;
        private String postalCode;
        private String phone;

        Address build() {
            return new Address(address, address2, district, city, country, postalCode, phone);
        }
    }
}
