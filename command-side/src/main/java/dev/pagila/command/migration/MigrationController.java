package dev.pagila.command.migration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operating a live migration (role ADMIN): the CLI's {@code migrate} sub-commands call these. */
@RestController
@RequestMapping("/api/migration")
@Tag(name = "Live migration")
public class MigrationController {

    private final LegacyFollower follower;

    public MigrationController(LegacyFollower follower) {
        this.follower = follower;
    }

    @GetMapping
    @Operation(summary = "Follower state, system of record, lag (WAL bytes, seconds) and events appended per second")
    public LegacyFollower.Status status() {
        return follower.status();
    }

    @PostMapping("/pause")
    @Operation(summary = "Stops following; the slot keeps the changes until resumed")
    public LegacyFollower.Status pause() {
        follower.pause();
        return follower.status();
    }

    @PostMapping("/follow")
    @Operation(summary = "Starts following, or follows again after a pause, from the last stored offset")
    public LegacyFollower.Status follow() {
        follower.follow();
        return follower.status();
    }

    @PostMapping("/drain")
    @Operation(summary = "Waits until every change committed in the monolith so far is appended; answers the marker to cut over with")
    public LegacyFollower.Drained drain() {
        return follower.drain();
    }

    @PostMapping("/cut-over")
    @Operation(summary = "Makes the platform the system of record if nothing changed in the monolith since the marker")
    public LegacyFollower.CutOver cutOver(@Valid @RequestBody CutOverRequest request) {
        return follower.cutOver(request.checkedAtMarker());
    }

    /** @param checkedAtMarker the marker of the drain the parity check ran after */
    public record CutOverRequest(@NotBlank String checkedAtMarker) {
    }
}
