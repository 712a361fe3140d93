package dev.pagila.query.sales;

import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer's account in one item ({@code CUSTOMER#c / ACCOUNT}): every charge and payment, each as one short text
 * ({@code rentalId instant rate lateFee}, {@code paymentId instant amount}), about 40 bytes, so the item stays far below
 * DynamoDB's 400 KB for any customer of Pagila's size (several thousand rentals would need a roll-up). Opened when the
 * customer registers: a customer unknown to the projection has no account.
 */
public final class AccountItem {

    public static final ItemKind<AccountItem> KIND = ItemKind.of("ACCOUNT", AccountItem.class, AccountItem::new, schema -> schema
            .addAttribute(Integer.class, a -> a.name("customerId").getter(i -> i.customerId).setter((i, v) -> i.customerId = v))
            .addAttribute(Boolean.class, a -> a.name("registered").getter(i -> i.registered).setter((i, v) -> i.registered = v))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("charges")
                    .getter(i -> i.charges.values().stream().map(AccountItem::text).toList())
                    .setter((i, v) -> v.forEach(text -> i.chargeFrom(text))))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("payments")
                    .getter(i -> i.payments.values().stream().map(AccountItem::text).toList())
                    .setter((i, v) -> v.forEach(text -> i.paymentFrom(text)))));

    private Integer customerId;
    private Boolean registered;
    // by id: a change to a charge (its return) finds it, and the order is the stream's
    private final Map<Integer, Account.Charge> charges = new LinkedHashMap<>();
    private final Map<Integer, Account.Payment> payments = new LinkedHashMap<>();

    public static ItemKey key(int customerId) {
        return new ItemKey(FilmsKeys.customer(customerId), "ACCOUNT");
    }

    void open(int customer) {
        customerId = customer;
        registered = true;
    }

    void charge(int customer, int rentalId, Instant rentedAt, BigDecimal rentalRate) {
        customerId = customer;
        charges.put(rentalId, new Account.Charge(rentalId, rentedAt, rentalRate, BigDecimal.ZERO.setScale(2)));
    }

    /** A return: the late fee joins the rental's charge, counted from the instant the rental was made, as Pagila counts it. */
    void returned(int rentalId, BigDecimal lateFee) {
        Account.Charge rental = charges.get(rentalId);
        if (rental != null) {
            charges.put(rentalId, new Account.Charge(rentalId, rental.rentedAt(), rental.rentalRate(), lateFee));
        }
    }

    void pay(int customer, int paymentId, Instant paidAt, BigDecimal amount) {
        customerId = customer;
        payments.put(paymentId, new Account.Payment(paymentId, paidAt, amount));
    }

    boolean registered() {
        return Boolean.TRUE.equals(registered);
    }

    Account account() {
        return new Account(customerId, List.copyOf(charges.values()), List.copyOf(payments.values()));
    }

    private static String text(Account.Charge charge) {
        return charge.rentalId() + " " + charge.rentedAt() + " " + charge.rentalRate().toPlainString() + " "
                + charge.lateFee().toPlainString();
    }

    private static String text(Account.Payment payment) {
        return payment.paymentId() + " " + payment.paidAt() + " " + payment.amount().toPlainString();
    }

    private void chargeFrom(String text) {
        String[] parts = text.split(" ");
        int rentalId = Integer.parseInt(parts[0]);
        charges.put(rentalId, new Account.Charge(rentalId, Instant.parse(parts[1]), new BigDecimal(parts[2]), new BigDecimal(parts[3])));
    }

    private void paymentFrom(String text) {
        String[] parts = text.split(" ");
        int paymentId = Integer.parseInt(parts[0]);
        payments.put(paymentId, new Account.Payment(paymentId, Instant.parse(parts[1]), new BigDecimal(parts[2])));
    }
}
