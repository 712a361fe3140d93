package dev.pagila.query.catalog;

import java.util.List;

/**
 * Pagila's {@code actor_info}: an actor and the films they played in, by category. {@code filmInfo} is the
 * view's own text ("Animation: TITLE, TITLE, Children: TITLE"); {@code films} the same as data.
 */
public record ActorInfo(int actorId, String firstName, String lastName, String filmInfo, List<CategoryFilms> films) {

    public record CategoryFilms(String category, List<String> titles) {
    }
}
