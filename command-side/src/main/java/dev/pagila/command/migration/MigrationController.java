package dev.pagila.command.migration;

import dev.pagila.infra.audit.AuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operating a live migration (role ADMIN): the CLI's {@code migrate} sub-commands call these. Each step is recorded in
 * the audit log under the operator's token subject; a step the follower's state does not allow is recorded as refused.
 */
@RestController
@RequestMapping("/api/migration")
@Tag(name = "Live migration")
public class MigrationController {

    public static final String PAUSE = "migration-pause";
    public static final String FOLLOW = "migration-follow";
    public static final String DRAIN = "migration-drain";
    public static final String CUT_OVER = "migration-cut-over";

    private final LegacyFollower follower;
    private final AuditLog audit;

    public MigrationController(LegacyFollower follower, AuditLog audit) {
        this.follower = follower;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Follower state, system of record, lag (WAL bytes, seconds) and events appended per second")
    public LegacyFollower.Status status() {
        return follower.status();
    }

    @PostMapping("/pause")
    @Operation(summary = "Stops following; the slot keeps the changes until resumed")
    public LegacyFollower.Status pause(@AuthenticationPrincipal Jwt operator) {
        return audit.recording(operator.getSubject(), PAUSE, null, () -> {
            follower.pause();
            return follower.status();
        }, status -> "now " + status.state(), MigrationStateException.class);
    }

    @PostMapping("/follow")
    @Operation(summary = "Starts following, or follows again after a pause, from the last stored offset")
    public LegacyFollower.Status follow(@AuthenticationPrincipal Jwt operator) {
        return audit.recording(operator.getSubject(), FOLLOW, null, () -> {
            follower.follow();
            return follower.status();
        }, status -> "now " + status.state(), MigrationStateException.class);
    }

    @PostMapping("/drain")
    @Operation(summary = "Waits until every change committed in the monolith so far is appended; answers the marker to cut over with")
    public LegacyFollower.Drained drain(@AuthenticationPrincipal Jwt operator) {
        return audit.recording(operator.getSubject(), DRAIN, null, follower::drain,
                drained -> "marker " + drained.marker() + " at position " + drained.position(), MigrationStateException.class);
    }

    @PostMapping("/cut-over")
    @Operation(summary = "Makes the platform the system of record if nothing changed in the monolith since the marker")
    public LegacyFollower.CutOver cutOver(@Valid @RequestBody CutOverRequest request, @AuthenticationPrincipal Jwt operator) {
        return audit.recording(operator.getSubject(), CUT_OVER, request.checkedAtMarker(),
                () -> follower.cutOver(request.checkedAtMarker()),
                done -> "the platform is the system of record from position " + done.position(), MigrationStateException.class);
    }

    /** @param checkedAtMarker the marker of the drain the parity check ran after */
    public record CutOverRequest(@NotBlank String checkedAtMarker) {
    }
}
