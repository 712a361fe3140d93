package dev.pagila.query.admin;

import dev.pagila.infra.security.ResourceServerSecurity;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import dev.pagila.infra.web.FieldError;
import dev.pagila.infra.web.Problems;
import dev.pagila.query.web.NotFound;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Operating the projections: status, replay, dead letters, the cache. Behind the admin token. */
@SecurityRequirement(name = ResourceServerSecurity.BEARER)
@RestController
@RequestMapping("/admin")
public class AdminController {

    private final ProjectionStatusService status;
    private final ReplayService replays;
    private final DeadLetters deadLetters;
    private final CacheAdmin cache;
    private final RebuildService rebuilds;

    public AdminController(ProjectionStatusService status, ReplayService replays, DeadLetters deadLetters, CacheAdmin cache,
                           RebuildService rebuilds) {
        this.status = status;
        this.replays = replays;
        this.deadLetters = deadLetters;
        this.cache = cache;
        this.rebuilds = rebuilds;
    }

    @GetMapping("/processors")
    public Map<String, List<ProcessorStatus>> processors() {
        return Map.of("items", status.all());
    }

    @GetMapping("/processors/{group}")
    public ResponseEntity<Object> processor(@PathVariable String group) {
        return status.one(group).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> NotFound.of("processing group " + group));
    }

    /**
     * Replays the group from the first event (through the bulk path: its items cleared and each written once), or from {@code fromPosition} or
     * {@code fromTime} (keeping its items). Answers at once; follow the progress on the status.
     */
    @PostMapping("/processors/{group}/replay")
    public ResponseEntity<Object> replay(@PathVariable String group,
                                         @RequestParam(required = false) @PositiveOrZero Long fromPosition,
                                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                                         Instant fromTime) {
        ReplayService.From from = new ReplayService.From(fromPosition, fromTime);
        replays.replay(group, from);
        return ResponseEntity.accepted().body(Map.of("group", group, "replayingFrom", from.toString()));
    }

    @GetMapping("/dead-letters")
    public Map<String, List<DeadLetterView>> deadLetters(@RequestParam(required = false) String group) {
        List<String> groups = group == null ? status.groups() : List.of(group);
        return Map.of("items", groups.stream().flatMap(name -> deadLetters.list(name).stream()).toList());
    }

    /** Hands every parked sequence of the group to its projection again; what fails again stays parked. */
    @PostMapping("/dead-letters/{group}/retry")
    public ResponseEntity<Object> retry(@PathVariable String group) {
        if (!status.groups().contains(group)) {
            return NotFound.of("processing group " + group);
        }
        int succeeded = deadLetters.retry(group);
        return ResponseEntity.ok(Map.of("group", group, "sequencesApplied", succeeded, "stillParked", deadLetters.count(group)));
    }

    @DeleteMapping("/dead-letters/{group}/{id}")
    public ResponseEntity<Object> evict(@PathVariable String group, @PathVariable String id) {
        return deadLetters.evict(group, id) ? ResponseEntity.noContent().build() : NotFound.of("dead letter " + id + " in " + group);
    }

    /** The active Films table, the previous one, and any blue/green rebuild with its progress. */
    @GetMapping("/read-model")
    public RebuildService.ReadModelStatus readModel() {
        return rebuilds.status();
    }

    /** Starts filling a new Films table from the first event; queries switch to it once it has caught up. */
    @PostMapping("/read-model/rebuild")
    public ResponseEntity<RebuildService.RebuildStatus> rebuild() {
        return ResponseEntity.accepted().body(rebuilds.start());
    }

    /**
     * Drops a Films table that is neither active nor being rebuilt (the one a switch left behind); any table outside
     * the read model's own family ({@code Films_v<n>}) is refused.
     */
    @DeleteMapping("/read-model/tables/{table}")
    public ResponseEntity<Object> drop(@PathVariable String table) {
        rebuilds.drop(table);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/cache/flush")
    public CacheAdmin.Flushed flush() {
        return cache.flush();
    }

    @PostMapping("/cache/warm")
    public CacheAdmin.Warmed warm() {
        return cache.warm();
    }

    @ExceptionHandler(ReplayService.UnknownProcessorException.class)
    public ResponseEntity<Object> unknown(ReplayService.UnknownProcessorException ex) {
        return NotFound.of("processing group " + ex.group());
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
    public ResponseEntity<Object> unknownTable(RebuildService.UnknownTableException ex) {
        return NotFound.of("table " + ex.table());
    }

    @ExceptionHandler(ReplayService.ReplayRefusedException.class)
    public ResponseEntity<ProblemDetail> refused(ReplayService.ReplayRefusedException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Replay refused", ex.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }
}
