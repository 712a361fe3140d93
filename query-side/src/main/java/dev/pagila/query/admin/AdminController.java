package dev.pagila.query.admin;

import dev.pagila.infra.audit.AuditEntry;
import dev.pagila.infra.audit.AuditLog;
import dev.pagila.infra.security.ResourceServerSecurity;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.pagila.infra.web.FieldError;
import dev.pagila.infra.web.Problems;
import dev.pagila.query.web.Listing;
import dev.pagila.query.web.NotFoundException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * Operating the projections: status, replay, dead letters, the cache. Behind the admin token. Every action goes
 * through {@link OperatorActions}, which records it in the audit log under the token's subject.
 */
@SecurityRequirement(name = ResourceServerSecurity.BEARER)
@RestController
@RequestMapping("/admin")
public class AdminController {

    private final ProjectionStatusService status;
    private final DeadLetters deadLetters;
    private final RebuildService rebuilds;
    private final OperatorActions actions;
    private final AuditLog audit;

    public AdminController(ProjectionStatusService status, DeadLetters deadLetters, RebuildService rebuilds,
                           OperatorActions actions, AuditLog audit) {
        this.status = status;
        this.deadLetters = deadLetters;
        this.rebuilds = rebuilds;
        this.actions = actions;
        this.audit = audit;
    }

    @GetMapping("/processors")
    public Listing<ProcessorStatus> processors() {
        return new Listing<>(status.all());
    }

    @GetMapping("/processors/{group}")
    public ProcessorStatus processor(@PathVariable String group) {
        return status.one(group).orElseThrow(() -> new NotFoundException("processing group " + group));
    }

    public record Replaying(String group, String replayingFrom) {
    }

    /**
     * Replays the group from the first event (through the bulk path: its items cleared and each written once), or from {@code fromPosition} or
     * {@code fromTime} (keeping its items). Answers at once; follow the progress on the status.
     */
    @PostMapping("/processors/{group}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Replaying replay(@PathVariable String group,
                            @RequestParam(required = false) @PositiveOrZero Long fromPosition,
                            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant fromTime,
                            @AuthenticationPrincipal Jwt operator) {
        ReplayService.From from = actions.replay(operator.getSubject(), group, fromPosition, fromTime);
        return new Replaying(group, from.toString());
    }

    @GetMapping("/dead-letters")
    public Listing<DeadLetterView> deadLetters(@RequestParam(required = false) String group) {
        List<String> groups = group == null ? status.groups() : List.of(group);
        return new Listing<>(groups.stream().flatMap(name -> deadLetters.list(name).stream()).toList());
    }

    public record Retried(String group, int sequencesApplied, int stillParked) {
    }

    /** Hands every parked sequence of the group to its projection again; what fails again stays parked. */
    @PostMapping("/dead-letters/{group}/retry")
    public Retried retry(@PathVariable String group, @AuthenticationPrincipal Jwt operator) {
        int succeeded = actions.retry(operator.getSubject(), group); // an unknown group is 404, as a replay's
        return new Retried(group, succeeded, deadLetters.count(group));
    }

    @DeleteMapping("/dead-letters/{group}/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void evict(@PathVariable String group, @PathVariable String id, @AuthenticationPrincipal Jwt operator) {
        if (!actions.evict(operator.getSubject(), group, id)) {
            throw new NotFoundException("dead letter " + id + " in " + group);
        }
    }

    /** The active Films table, the previous one, and any blue/green rebuild with its progress. */
    @GetMapping("/read-model")
    public RebuildService.ReadModelStatus readModel() {
        return rebuilds.status();
    }

    /** Starts filling a new Films table from the first event; queries switch to it once it has caught up. */
    @PostMapping("/read-model/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public RebuildService.RebuildStatus rebuild(@AuthenticationPrincipal Jwt operator) {
        return actions.rebuild(operator.getSubject());
    }

    /**
     * Drops a Films table that is neither active nor being rebuilt (the one a switch left behind); any table outside
     * the read model's own family ({@code Films_v<n>}) is refused.
     */
    @DeleteMapping("/read-model/tables/{table}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void drop(@PathVariable String table, @AuthenticationPrincipal Jwt operator) {
        actions.drop(operator.getSubject(), table);
    }

    @PostMapping("/cache/flush")
    public CacheAdmin.Flushed flush(@AuthenticationPrincipal Jwt operator) {
        return actions.flush(operator.getSubject());
    }

    @PostMapping("/cache/warm")
    public CacheAdmin.Warmed warm(@AuthenticationPrincipal Jwt operator) {
        return actions.warm(operator.getSubject());
    }

    /** The operators' actions on both apps, newest first. */
    @GetMapping("/audit")
    public Listing<AuditEntry> audit(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return new Listing<>(audit.recent(limit));
    }

    @ExceptionHandler(ReplayService.UnknownProcessorException.class)
    public ErrorResponse unknown(ReplayService.UnknownProcessorException ex) {
        return new NotFoundException("processing group " + ex.group());
    }

    @ExceptionHandler(RebuildService.RebuildRefusedException.class)
    public ResponseEntity<ProblemDetail> rebuildRefused(RebuildService.RebuildRefusedException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Refused", ex.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(RebuildService.NotReadModelTableException.class)
    public ProblemDetail notReadModelTable(RebuildService.NotReadModelTableException ex) {
        return Problems.invalid(List.of(new FieldError("table", ex.getMessage())));
    }

    @ExceptionHandler(RebuildService.UnknownTableException.class)
    public ErrorResponse unknownTable(RebuildService.UnknownTableException ex) {
        return new NotFoundException("table " + ex.table());
    }

    @ExceptionHandler(ReplayService.ReplayRefusedException.class)
    public ResponseEntity<ProblemDetail> refused(ReplayService.ReplayRefusedException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Replay refused", ex.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }
}
