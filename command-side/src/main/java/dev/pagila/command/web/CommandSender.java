package dev.pagila.command.web;

import dev.pagila.command.eventstore.EventPositions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/** Sends a command, waits for it, and reports where its events landed in the stream. */
@Component
public class CommandSender {

    private final CommandGateway commands;
    private final EventPositions positions;
    private final MeterRegistry meters;

    public CommandSender(CommandGateway commands, EventPositions positions, MeterRegistry meters) {
        this.commands = commands;
        this.positions = positions;
        this.meters = meters;
    }

    /**
     * @return the command handler's result and the position of the target stream's newest event; the time it
     * took is {@code pagila.command.latency{command,outcome}}
     */
    public <R> Sent<R> send(Object command, Object targetAggregate) {
        Timer.Sample started = Timer.start(meters);
        String outcome = "refused";
        try {
            R result = commands.sendAndWait(command);
            outcome = "accepted";
            return new Sent<>(result, positions.lastPositionOf(targetAggregate));
        } finally {
            started.stop(Timer.builder("pagila.command.latency")
                    .description("time from receiving a command to its events being stored, or its refusal")
                    .tag("command", command.getClass().getSimpleName())
                    .tag("outcome", outcome)
                    .publishPercentiles(0.5, 0.99)
                    .register(meters));
        }
    }

    public CommandReceipt receipt(Object command, Object targetAggregate, int id) {
        return new CommandReceipt(id, send(command, targetAggregate).position());
    }

    public record Sent<R>(R result, long position) {
    }
}
