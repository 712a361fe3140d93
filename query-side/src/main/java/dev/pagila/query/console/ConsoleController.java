package dev.pagila.query.console;

import dev.pagila.infra.audit.AuditLog;
import dev.pagila.query.admin.DeadLetters;
import dev.pagila.query.admin.OperatorActions;
import dev.pagila.query.admin.ProcessorStatus;
import dev.pagila.query.admin.ProjectionStatusService;
import dev.pagila.query.admin.RebuildService;
import dev.pagila.query.admin.ReplayService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations console: one page whose sections are server-rendered fragments that htmx refreshes or replaces.
 * Every action goes through {@link OperatorActions}, as the admin API's do, so it is audited alike.
 */
@Controller
@Hidden // pages for a browser, not part of the API the OpenAPI document describes
@RequestMapping(ConsoleSecurity.PATH)
public class ConsoleController {

    private static final String FRAGMENTS = "console/fragments :: ";

    private final ProjectionStatusService status;
    private final OperatorActions actions;
    private final DeadLetters deadLetters;
    private final RebuildService rebuilds;
    private final LagHistory lagHistory;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final CommandApi commandApi;

    public ConsoleController(ProjectionStatusService status, OperatorActions actions, DeadLetters deadLetters,
                             RebuildService rebuilds, LagHistory lagHistory, AuditLog audit, MeterRegistry meters,
                             CommandApi commandApi) {
        this.status = status;
        this.actions = actions;
        this.deadLetters = deadLetters;
        this.rebuilds = rebuilds;
        this.lagHistory = lagHistory;
        this.audit = audit;
        this.meters = meters;
        this.commandApi = commandApi;
    }

    @GetMapping
    public String page(@AuthenticationPrincipal Jwt operator, Model model) {
        model.addAttribute("operator", operator.getSubject());
        model.addAttribute("groups", status.groups());
        return "console/page";
    }

    @GetMapping("/projections")
    public String projections(Model model) {
        model.addAttribute("processors", status.all());
        return FRAGMENTS + "projections";
    }

    @GetMapping(path = "/lag", produces = "application/json")
    @ResponseBody
    public Map<String, List<LagHistory.Sample>> lag() {
        return lagHistory.all();
    }

    /** What a replay would do, in numbers, before the operator confirms it. */
    @PostMapping("/replay/preview")
    public String previewReplay(@RequestParam String group, @RequestParam(defaultValue = "start") String from,
                                @RequestParam(required = false) Long position,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant time,
                                Model model) {
        ProcessorStatus processor = status.one(group).orElseThrow(() -> new ReplayService.UnknownProcessorException(group));
        model.addAttribute("processor", processor);
        model.addAttribute("from", from);
        model.addAttribute("position", position);
        model.addAttribute("time", time);
        model.addAttribute("events", switch (from) {
            case "position" -> position == null ? null : Math.max(0, processor.head() - position);
            case "time" -> null;
            default -> processor.head();
        });
        model.addAttribute("table", rebuilds.status().activeTable());
        return FRAGMENTS + "replay-confirm";
    }

    @PostMapping("/replay")
    public String replay(@AuthenticationPrincipal Jwt operator, @RequestParam String group,
                         @RequestParam(defaultValue = "start") String from, @RequestParam(required = false) Long position,
                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant time,
                         Model model) {
        try {
            actions.replay(operator.getSubject(), group, from.equals("position") ? position : null, from.equals("time") ? time : null);
        } catch (ReplayService.ReplayRefusedException | ReplayService.UnknownProcessorException refused) {
            model.addAttribute("refusal", refused.getMessage());
            return FRAGMENTS + "refused";
        }
        return progress(group, Instant.now().toEpochMilli(), -1, model);
    }

    @GetMapping("/replay/{group}/progress")
    public String progress(@PathVariable String group, @RequestParam long began, @RequestParam long first, Model model) {
        ProcessorStatus processor = status.one(group).orElseThrow(() -> new ReplayService.UnknownProcessorException(group));
        long position = Math.max(0, processor.position());
        long head = Math.max(1, processor.head());
        long firstPosition = first < 0 ? position : first;
        double seconds = Math.max(0.001, (Instant.now().toEpochMilli() - began) / 1000.0);
        double rate = (position - firstPosition) / seconds;
        model.addAttribute("group", group);
        model.addAttribute("position", position);
        model.addAttribute("head", head);
        model.addAttribute("percent", (int) Math.min(100, 100.0 * position / head));
        model.addAttribute("rate", Math.round(rate));
        model.addAttribute("eta", rate > 0 ? Duration.ofSeconds((long) ((head - position) / rate)).toString().substring(2) : "?");
        model.addAttribute("done", processor.caughtUp() && !processor.replaying());
        model.addAttribute("began", began);
        model.addAttribute("first", firstPosition);
        return FRAGMENTS + "replay-progress";
    }

    @GetMapping("/dead-letters")
    public String deadLetters(Model model) {
        Map<String, Object> letters = new LinkedHashMap<>();
        for (String group : status.groups()) {
            letters.put(group, deadLetters.list(group));
        }
        model.addAttribute("letters", letters);
        return FRAGMENTS + "dead-letters";
    }

    @PostMapping("/dead-letters/{group}/retry")
    public String retry(@AuthenticationPrincipal Jwt operator, @PathVariable String group, Model model) {
        actions.retry(operator.getSubject(), group);
        return deadLetters(model);
    }

    @PostMapping("/dead-letters/{group}/{id}/evict")
    public String evict(@AuthenticationPrincipal Jwt operator, @PathVariable String group, @PathVariable String id, Model model) {
        actions.evict(operator.getSubject(), group, id);
        return deadLetters(model);
    }

    @GetMapping("/read-model")
    public String readModel(Model model) {
        model.addAttribute("readModel", rebuilds.status());
        return FRAGMENTS + "read-model";
    }

    @PostMapping("/read-model/rebuild")
    public String rebuild(@AuthenticationPrincipal Jwt operator, Model model) {
        try {
            actions.rebuild(operator.getSubject());
        } catch (RebuildService.RebuildRefusedException refused) {
            model.addAttribute("refusal", refused.getMessage());
        }
        return readModel(model);
    }

    @PostMapping("/read-model/tables/{table}/drop")
    public String drop(@AuthenticationPrincipal Jwt operator, @PathVariable String table, Model model) {
        try {
            actions.drop(operator.getSubject(), table);
        } catch (RuntimeException refused) { // every refusal of the rebuild service says why in its message
            model.addAttribute("refusal", refused.getMessage());
        }
        return readModel(model);
    }

    @GetMapping("/cache")
    public String cache(Model model) {
        model.addAttribute("hitRatio", gauge("pagila.cache.hit.ratio"));
        model.addAttribute("available", gauge("pagila.cache.available") > 0);
        return FRAGMENTS + "cache";
    }

    @PostMapping("/cache/flush")
    public String flush(@AuthenticationPrincipal Jwt operator, Model model) {
        model.addAttribute("done", "Flushed " + actions.flush(operator.getSubject()).keys() + " keys");
        return cache(model);
    }

    @PostMapping("/cache/warm")
    public String warm(@AuthenticationPrincipal Jwt operator, Model model) {
        var warmed = actions.warm(operator.getSubject());
        model.addAttribute("done", "Warmed " + warmed.films() + " films, " + warmed.pages() + " pages, " + warmed.accounts() + " accounts");
        return cache(model);
    }

    @GetMapping("/migration")
    public String migration(@AuthenticationPrincipal Jwt operator, Model model) {
        model.addAttribute("migration", commandApi.get("/api/migration", operator.getTokenValue()));
        return FRAGMENTS + "migration";
    }

    /** The follower's status as the command side answers it, for the chart of appended events per second. */
    @GetMapping(path = "/migration/status", produces = "application/json")
    @ResponseBody
    public ResponseEntity<JsonNode> migrationStatus(@AuthenticationPrincipal Jwt operator) {
        CommandApi.Answer answer = commandApi.get("/api/migration", operator.getTokenValue());
        return ResponseEntity.status(answer.status()).body(answer.body());
    }

    @PostMapping("/migration/{step:pause|follow|drain}")
    public String migrationStep(@AuthenticationPrincipal Jwt operator, @PathVariable String step, Model model) {
        CommandApi.Answer answer = commandApi.post("/api/migration/" + step, operator.getTokenValue());
        if (!answer.ok()) {
            model.addAttribute("refusal", answer.body() == null ? "HTTP " + answer.status() : answer.body().path("detail").asText());
        }
        return migration(operator, model);
    }

    @GetMapping("/audit")
    public String audit(Model model) {
        model.addAttribute("entries", audit.recent(50));
        return FRAGMENTS + "audit";
    }

    private double gauge(String name) {
        var found = Search.in(meters).name(name).gauge();
        return found == null ? 0 : found.value();
    }
}
