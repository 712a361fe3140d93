package dev.pagila.command.web;

import dev.pagila.command.eventstore.EventPositions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import dev.pagila.infra.security.StaffClaims;
import dev.pagila.command.shared.RuleViolationException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/** Sends a command, waits for it, and reports where its events landed in the stream. */
@Component
public class CommandSender {

    /** Metadata key: the username of whoever signed in and sent the command. */
    public static final String SIGNED_IN_AS = "signed_in_as";

    private final CommandGateway commands;
    private final EventPositions positions;
    private final MeterRegistry meters;
    private final CommandGate gate;

    public CommandSender(CommandGateway commands, EventPositions positions, MeterRegistry meters, CommandGate gate) {
        this.commands = commands;
        this.positions = positions;
        this.meters = meters;
        this.gate = gate;
    }

    /**
     * @return the command handler's result and the position of the target stream's newest event; the time it
     * took is {@code pagila.command.latency{command,outcome}}
     */
    public <R> Sent<R> send(Object command, Object targetAggregate) {
        gate.requireOpen();
        Timer.Sample started = Timer.start(meters);
        String outcome = "refused";
        try {
            CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(command).withMetaData(whoIsSignedIn());
            R result;
            try {
                result = commands.sendAndWait(message);
            } catch (RuleViolationException | ConcurrencyException refused) {
                // The aggregate may have come from this instance's cache while another instance appended to its
                // stream: a cached copy is trusted to succeed (a stale one fails on the stream's unique key), never
                // to refuse. The failure evicted it, so the second attempt decides on the stream as stored.
                result = commands.sendAndWait(message);
            }
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

    /**
     * Who sent the command travels as its metadata and, through the correlation data providers, on every event it
     * appends: the audit trail of who did what, for the kinds of event whose payload does not name a clerk too.
     */
    private static MetaData whoIsSignedIn() {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            Map<String, Object> who = new HashMap<>();
            who.put(SIGNED_IN_AS, token.getName());
            Object staffId = token.getToken().getClaim(StaffClaims.STAFF_ID);
            if (staffId != null) {
                who.put(StaffClaims.STAFF_ID, staffId);
            }
            return MetaData.from(who);
        }
        return MetaData.emptyInstance();
    }

    public CommandReceipt receipt(Object command, Object targetAggregate, int id) {
        return new CommandReceipt(id, send(command, targetAggregate).position());
    }

    public record Sent<R>(R result, long position) {
    }
}
