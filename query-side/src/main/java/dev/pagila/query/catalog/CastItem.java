package dev.pagila.query.catalog;

import dev.pagila.query.table.FilmsKeys;
import dev.pagila.query.table.ItemKey;
import dev.pagila.query.table.ItemKind;

/** An actor cast in a film ({@code FILM#f / ACTOR#a}), with the actor's name. */
public final class CastItem extends FilmEdge {

    public static final ItemKind<CastItem> KIND = ItemKind.of("CAST", CastItem.class, CastItem::new, schema -> schema
            .extend(FilmEdge.SCHEMA)
            .addAttribute(Integer.class, a -> a.name("actorId").getter(edge -> edge.actorId).setter((edge, v) -> edge.actorId = v))
            .addAttribute(String.class, a -> a.name("firstName").getter(edge -> edge.firstName).setter((edge, v) -> edge.firstName = v))
            .addAttribute(String.class, a -> a.name("lastName").getter(edge -> edge.lastName).setter((edge, v) -> edge.lastName = v)));

    private Integer actorId;
    private String firstName;
    private String lastName;

    public static ItemKey key(int filmId, int actorId) {
        return new ItemKey(FilmsKeys.film(filmId), FilmsKeys.actor(actorId));
    }

    @Override
    String target() {
        return FilmsKeys.actor(actorId);
    }

    void cast(int film, String title, int actor, ActorItem named) {
        link(film, title);
        actorId = actor;
        name(named.firstName(), named.lastName());
    }

    void name(String first, String last) {
        firstName = first;
        lastName = last;
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
