package dev.pagila.query.catalog;

import dev.pagila.infra.dynamodb.FilmsTable;
import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;

/** An actor ({@code ACTOR#a / #META}), listed by name through GSI2 ({@code ACTORS}) once registered. */
public final class ActorItem extends LinkedToFilms {

    public static final ItemKind<ActorItem> KIND = ItemKind.of("ACTOR", ActorItem.class, ActorItem::new, schema -> schema
            .extend(LinkedToFilms.SCHEMA)
            .addAttribute(Integer.class, a -> a.name("actorId").getter(actor -> actor.actorId).setter((actor, v) -> actor.actorId = v))
            .addAttribute(String.class, a -> a.name("firstName").getter(actor -> actor.firstName).setter((actor, v) -> actor.firstName = v))
            .addAttribute(String.class, a -> a.name("lastName").getter(actor -> actor.lastName).setter((actor, v) -> actor.lastName = v))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_PK, actor -> actor.registered() ? FilmsKeys.ACTORS : null))
            .addAttribute(String.class, ItemKind.derived(FilmsTable.GSI2_SK,
                    actor -> actor.registered() ? FilmsKeys.name(actor.lastName + " " + actor.firstName, actor.actorId) : null)));

    private Integer actorId;
    private String firstName;
    private String lastName;

    public static ItemKey key(int actorId) {
        return new ItemKey(FilmsKeys.actor(actorId), FilmsKeys.META);
    }

    void name(int id, String first, String last) {
        actorId = id;
        firstName = first;
        lastName = last;
    }

    /** Whether the actor has been registered (a casting may come first and leave only the film it links). */
    public boolean registered() {
        return actorId != null;
    }

    public Integer actorId() {
        return actorId;
    }

    public String firstName() {
        return firstName;
    }

    public String lastName() {
        return lastName;
    }
}
