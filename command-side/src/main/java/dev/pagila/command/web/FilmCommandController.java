package dev.pagila.command.web;

import dev.pagila.command.catalog.FilmIdSequence;
import dev.pagila.command.eventstore.EventPositions;
import dev.pagila.kernel.catalog.FilmDetails;
import dev.pagila.kernel.catalog.FilmId;
import dev.pagila.kernel.catalog.RegisterFilmCommand;
import dev.pagila.kernel.catalog.ReviseFilmDetailsCommand;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
@RequestMapping("/api/films")
public class FilmCommandController {

    private final CommandGateway commands;
    private final FilmIdSequence filmIds;
    private final EventPositions positions;

    public FilmCommandController(CommandGateway commands, FilmIdSequence filmIds, EventPositions positions) {
        this.commands = commands;
        this.filmIds = filmIds;
        this.positions = positions;
    }

    @PostMapping
    public ResponseEntity<CommandReceipt> register(@Valid @RequestBody FilmDetails details) {
        FilmId filmId = filmIds.next();
        commands.sendAndWait(new RegisterFilmCommand(filmId, details));
        return ResponseEntity.created(URI.create("/api/films/" + filmId.value()))
                .body(new CommandReceipt(filmId.value(), positions.lastPositionOf(filmId)));
    }

    @PutMapping("/{filmId}")
    public CommandReceipt revise(@PathVariable @Positive int filmId, @Valid @RequestBody FilmDetails details) {
        FilmId id = FilmId.of(filmId);
        commands.sendAndWait(new ReviseFilmDetailsCommand(id, details));
        return new CommandReceipt(filmId, positions.lastPositionOf(id));
    }
}
