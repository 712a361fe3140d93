package dev.pagila.command.web;

import dev.pagila.command.eventstore.EventPositions;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/** Sends a command, waits for it, and reports where its events landed in the stream. */
@Component
public class CommandSender {

    private final CommandGateway commands;
    private final EventPositions positions;

    public CommandSender(CommandGateway commands, EventPositions positions) {
        this.commands = commands;
        this.positions = positions;
    }

    /** @return the command handler's result and the position of the target stream's newest event */
    public <R> Sent<R> send(Object command, Object targetAggregate) {
        R result = commands.sendAndWait(command);
        return new Sent<>(result, positions.lastPositionOf(targetAggregate));
    }

    public CommandReceipt receipt(Object command, Object targetAggregate, int id) {
        return new CommandReceipt(id, send(command, targetAggregate).position());
    }

    public record Sent<R>(R result, long position) {
    }
}
