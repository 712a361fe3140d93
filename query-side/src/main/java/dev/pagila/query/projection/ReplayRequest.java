package dev.pagila.query.projection;

/**
 * Why a processing group's tokens were reset, handed to its reset handler. A replay from the first event
 * clears what the group owns first: its writes are conditional on positions, so over the old items a replay
 * would change nothing. A replay from a later point keeps the items and re-applies only what they miss.
 */
public record ReplayRequest(boolean fromTheStart) {
}
