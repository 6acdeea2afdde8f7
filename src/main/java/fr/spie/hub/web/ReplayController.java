package fr.spie.hub.web;

import fr.spie.hub.access.AccessGuard;
import fr.spie.hub.access.Caller;
import fr.spie.hub.access.Caller.Role;
import fr.spie.hub.delivery.DeadLetterReplay;
import fr.spie.hub.exchange.QuarantineReplay;
import fr.spie.hub.resilience.DeadLetterStore;
import fr.spie.hub.resilience.KeptPayloads;
import fr.spie.hub.resilience.QuarantineStore;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dead letters ({@code /api/v1/dead-letters}) and quarantined inbound records ({@code /api/v1/quarantine}): list,
 * show with the OperationOutcome that set them aside, replay once. The administrator's business only: the payloads
 * are never shown, a replay runs them again.
 */
@RestController
public class ReplayController {

    private static final String API_KEY = "X-API-Key";

    private final AccessGuard guard;
    private final DeadLetterStore deadLetters;
    private final QuarantineStore quarantine;
    private final DeadLetterReplay deadLetterReplay;
    private final QuarantineReplay quarantineReplay;

    public ReplayController(AccessGuard guard, DeadLetterStore deadLetters, QuarantineStore quarantine,
                            DeadLetterReplay deadLetterReplay, QuarantineReplay quarantineReplay) {
        this.guard = guard;
        this.deadLetters = deadLetters;
        this.quarantine = quarantine;
        this.deadLetterReplay = deadLetterReplay;
        this.quarantineReplay = quarantineReplay;
    }

    @GetMapping("/api/v1/dead-letters")
    public List<KeptPayloads.Entry> deadLetters(@RequestHeader(value = API_KEY, required = false) String apiKey,
                                                @RequestParam(required = false) String recipient,
                                                @RequestParam(required = false) String exchangeId,
                                                @RequestParam(defaultValue = "false") boolean pending,
                                                @RequestParam(defaultValue = "100") int limit) {
        guard.requireRole(apiKey, "GET /api/v1/dead-letters", Role.ADMIN);
        return deadLetters.list(recipient, exchangeId, pending, limit);
    }

    @GetMapping("/api/v1/dead-letters/{id}")
    public KeptPayloads.Entry deadLetter(@RequestHeader(value = API_KEY, required = false) String apiKey,
                                         @PathVariable String id) {
        guard.requireRole(apiKey, "GET /api/v1/dead-letters/" + id, Role.ADMIN);
        return deadLetters.find(id).orElseThrow(() -> notFound("dead letter", id));
    }

    @PostMapping("/api/v1/dead-letters/{id}/replay")
    public ResponseEntity<?> replayDeadLetter(@RequestHeader(value = API_KEY, required = false) String apiKey,
                                              @PathVariable String id) throws IOException {
        Caller admin = guard.requireRole(apiKey, "POST /api/v1/dead-letters/" + id + "/replay", Role.ADMIN);
        DeadLetterReplay.Result result = deadLetterReplay.replay(id, admin.id());
        return switch (result) {
            case REPLAYED -> ResponseEntity.accepted().body(answer(id, deadLetters.find(id).orElseThrow().exchangeId(),
                    "replayed"));
            case NOT_FOUND -> throw notFound("dead letter", id);
            case ALREADY_REPLAYED -> throw alreadyReplayed(id);
            case PURGED -> throw purged(id);
        };
    }

    @GetMapping("/api/v1/quarantine")
    public List<KeptPayloads.Entry> quarantined(@RequestHeader(value = API_KEY, required = false) String apiKey,
                                                @RequestParam(required = false) String partner,
                                                @RequestParam(required = false) String exchangeId,
                                                @RequestParam(defaultValue = "false") boolean pending,
                                                @RequestParam(defaultValue = "100") int limit) {
        guard.requireRole(apiKey, "GET /api/v1/quarantine", Role.ADMIN);
        return quarantine.list(partner, exchangeId, pending, limit);
    }

    @GetMapping("/api/v1/quarantine/{id}")
    public KeptPayloads.Entry quarantinedRecord(@RequestHeader(value = API_KEY, required = false) String apiKey,
                                                @PathVariable String id) {
        guard.requireRole(apiKey, "GET /api/v1/quarantine/" + id, Role.ADMIN);
        return quarantine.find(id).orElseThrow(() -> notFound("quarantined record", id));
    }

    @PostMapping("/api/v1/quarantine/{id}/replay")
    public ResponseEntity<?> replayQuarantined(@RequestHeader(value = API_KEY, required = false) String apiKey,
                                               @PathVariable String id) throws IOException {
        Caller admin = guard.requireRole(apiKey, "POST /api/v1/quarantine/" + id + "/replay", Role.ADMIN);
        QuarantineReplay.Replay replay = quarantineReplay.replay(id, admin.id());
        return switch (replay.result()) {
            case ACCEPTED -> ResponseEntity.accepted().body(answer(id, replay.exchangeId(), "accepted"));
            case REJECTED_AGAIN -> ApiErrors.answer(HttpStatus.UNPROCESSABLE_ENTITY, replay.outcome());
            case NOT_REPLAYABLE -> ApiErrors.answer(HttpStatus.CONFLICT, replay.outcome());
            case NOT_FOUND -> throw notFound("quarantined record", id);
            case ALREADY_REPLAYED -> throw alreadyReplayed(id);
            case PURGED -> throw purged(id);
        };
    }

    private static Map<String, String> answer(String id, String exchangeId, String status) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("replayOf", id);
        answer.put("exchangeId", exchangeId);
        answer.put("status", status);
        return answer;
    }

    private static ApiProblem notFound(String what, String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, IssueType.NOT_FOUND, "No " + what + " " + id);
    }

    private static ApiProblem alreadyReplayed(String id) {
        return new ApiProblem(HttpStatus.CONFLICT, IssueType.CONFLICT, id + " was replayed already");
    }

    private static ApiProblem purged(String id) {
        return new ApiProblem(HttpStatus.GONE, IssueType.NOT_FOUND, "The payload of " + id
                + " was purged after the retention period (spie.resilience.retention): it can no longer be replayed");
    }
}
