package dev.pagila.query.projection;

import java.util.Collection;
import java.util.Map;

/**
 * Where events stand in the stream, by their identifiers. A tracking token does not say: when transactions commit out
 * of the order of their positions (two command instances, or two threads of one), an event that fills a gap arrives
 * with the token's high-water mark, a later position than its own. Fenced by that mark, an item would refuse a second
 * late event below it, and its update would be lost.
 */
@FunctionalInterface
public interface EventIndexes {

    /** The global index of each event found; events not found are left out. */
    Map<String, Long> of(Collection<String> eventIdentifiers);

    /** For writers handed events outside any unit of work (tests): each event's token is its position. */
    EventIndexes FROM_TOKENS = identifiers -> Map.of();
}
