package fr.spie.hub.web;

import fr.spie.hub.access.AccessGuard;
import fr.spie.hub.access.Caller;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditExport;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.audit.ChainVerifier;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The audit journal's tamper evidence over HTTP: its public key (for anyone: it is published so that exports can be
 * checked offline), its verification and its export (auditor's key). A refused attempt is itself journaled.
 */
@RestController
public class AuditController {

    private final AccessGuard guard;
    private final AuditJournal journal;

    public AuditController(AccessGuard guard, AuditJournal journal) {
        this.guard = guard;
        this.journal = journal;
    }

    @GetMapping(value = "/api/v1/audit/public-key", produces = "application/x-pem-file")
    public String publicKey() {
        return journal.signer().publicKeyPem();
    }

    /** {@code {"valid", "events", "head", ...}}: walks the whole chain and checks every signed checkpoint. */
    @GetMapping("/api/v1/audit/verify")
    public ChainVerifier.Verification verify(@RequestHeader(value = ExchangeController.API_KEY, required = false)
                                             String apiKey) {
        AuditAccess.require(guard, apiKey, "GET /api/v1/audit/verify", Caller.Role.AUDITOR,
                Caller.Role.ADMIN);
        return ChainVerifier.verify(journal.records(), journal.signer().publicKey());
    }

    /** The journal as a JSON-lines file, its head signed first so that all of it verifies offline. */
    @GetMapping("/api/v1/audit/export")
    public ResponseEntity<StreamingResponseBody> export(
            @RequestHeader(value = ExchangeController.API_KEY, required = false) String apiKey) {
        AuditAccess.require(guard, apiKey, "GET /api/v1/audit/export", Caller.Role.AUDITOR);
        journal.checkpoint();
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            AuditExport.write(journal.records(), writer);
            writer.flush();
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"spie-hub-audit-"
                        + Instant.now().toString().replace(':', '-') + ".jsonl\"")
                .contentType(MediaType.parseMediaType("application/jsonl"))
                .body(body);
    }

    /** Who may read the journal: the auditor's key (and for some reads the administrator's); nobody else. */
    static final class AuditAccess {

        private AuditAccess() {
        }

        /** Through the AccessGuard, so that every refusal (401 as well as 403) is journaled as ACCESS_DENIED. */
        static Caller require(AccessGuard guard, String apiKey, String action, Caller.Role... allowed) {
            return guard.requireRole(apiKey, action, "The audit journal is read with the auditor's key only", allowed);
        }
    }
}
