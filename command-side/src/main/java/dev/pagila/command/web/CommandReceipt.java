package dev.pagila.command.web;

import org.springframework.http.ResponseEntity;

import java.net.URI;

/**
 * What a command appended: the id of the thing it concerns and the event-stream position to pass as
 * {@code minPosition} to the query API for a read that includes this write.
 */
public record CommandReceipt(int id, long position) {

    /** 201 with the new thing's address ({@code path} + its id) and the receipt. */
    public static ResponseEntity<CommandReceipt> created(String path, CommandReceipt receipt) {
        return ResponseEntity.created(URI.create(path + receipt.id())).body(receipt);
    }
}
