package dev.pagila.client.answer;

/**
 * The read model ({@code GET /admin/read-model}): the Films table queries read, the one a rebuild switched away from,
 * any blue/green rebuild, and the bulk fill the answering instance made when it started (null without one).
 */
public record ReadModelStatus(String activeTable, String previousTable, RebuildStatus rebuild, FillReport startFill) {
}
