package dev.pagila.command.web;

/**
 * What a command appended: the id of the thing it concerns and the event-stream position to pass as
 * {@code minPosition} to the query API for a read that includes this write.
 */
public record CommandReceipt(int id, long position) {
}
