package dev.pagila.client.answer;

/** What most commands answer: the id of what they created or acted on, and the position of their last event. */
public record CommandReceipt(int id, long position) {
}
