package fr.spie.hub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.access.AccessGuard;
import fr.spie.hub.access.Caller;
import fr.spie.hub.access.Caller.Role;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.canonical.DataCategories;
import fr.spie.hub.consent.ConsentChanges;
import fr.spie.hub.consent.ConsentRecord;
import fr.spie.hub.consent.ConsentRegistry;
import fr.spie.hub.consent.SharingAgreement;
import fr.spie.hub.consent.SharingPolicy;
import fr.spie.hub.identity.InvalidNirException;
import fr.spie.hub.identity.Nir;
import fr.spie.hub.identity.SubjectPseudonymizer;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The consent registry and the sharing agreements over REST (docs/consent.md). Recording and withdrawing need the
 * administrator's or an agent's key; reading also the auditor's; partners may read the agreements, nothing else. A
 * person is looked up by NIR with a POST so that the NIR never appears in a URL (nor in access logs): the hub turns
 * it into the pseudonym at once and keeps only that.
 */
@RestController
public class ConsentController {

    private static final Set<Role> MAY_CHANGE = Set.of(Role.ADMIN, Role.AGENT);
    private static final Set<Role> MAY_READ = Set.of(Role.ADMIN, Role.AGENT, Role.AUDITOR);

    private final AccessGuard guard;
    private final ConsentRegistry registry;
    private final ConsentChanges changes;
    private final SharingPolicy policy;
    private final SubjectPseudonymizer pseudonyms;
    private final PartnerRegistry partners;
    private final AuditJournal journal;
    private final ObjectMapper json;

    public ConsentController(AccessGuard guard, ConsentRegistry registry, ConsentChanges changes,
                             SharingPolicy policy, SubjectPseudonymizer pseudonyms, PartnerRegistry partners,
                             AuditJournal journal, ObjectMapper json) {
        this.guard = guard;
        this.registry = registry;
        this.changes = changes;
        this.policy = policy;
        this.pseudonyms = pseudonyms;
        this.partners = partners;
        this.journal = journal;
        this.json = json;
    }

    private Caller caller(String apiKey, Set<Role> allowed, String what) {
        // A partner trying to read or change consents is itself worth an auditor's look: the guard journals it.
        return guard.requireRole(apiKey, what, "This key may not " + what, allowed.toArray(Role[]::new));
    }

    @GetMapping("/api/v1/sharing-agreements")
    public List<SharingAgreement> agreements(@RequestHeader(value = ExchangeController.API_KEY, required = false)
                                             String apiKey) {
        caller(apiKey, Set.of(Role.values()), "read the sharing agreements");
        return policy.agreements();
    }

    @PostMapping(value = "/api/v1/consents", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> record(@RequestHeader(value = ExchangeController.API_KEY, required = false)
                                           String apiKey, @RequestBody String body) {
        Caller caller = caller(apiKey, MAY_CHANGE, "record consents (administrator or authorised agent only)");
        JsonNode request = parse(body);
        List<Issue> issues = new ArrayList<>();
        String subject = subjectOf(request, issues);
        String recipient = request.path("recipient").asText("");
        if (!ConsentRecord.ALL_PARTNERS.equals(recipient) && partners.find(recipient).isEmpty()) {
            issues.add(Issue.error(IssueType.VALUE, "recipient",
                    "recipient must be a partner id or " + ConsentRecord.ALL_PARTNERS));
        }
        Set<String> purposes = texts(request, "purposes", issues);
        Set<String> categories = texts(request, "categories", issues);
        for (String category : categories) {
            if (!DataCategories.ALL.contains(category)) {
                issues.add(Issue.error(IssueType.CODE_INVALID, "categories",
                        "'" + category + "' is not a data category " + DataCategories.ALL));
            }
        }
        String consentType = request.path("consentType").asText("explicit");
        if (!ConsentRecord.CONSENT_TYPES.contains(consentType)) {
            issues.add(Issue.error(IssueType.CODE_INVALID, "consentType", "consentType must be explicit or implicit"));
        }
        String method = request.path("collectionMethod").asText("");
        if (!ConsentRecord.COLLECTION_METHODS.contains(method)) {
            issues.add(Issue.error(IssueType.CODE_INVALID, "collectionMethod",
                    "collectionMethod must be one of " + ConsentRecord.COLLECTION_METHODS));
        }
        String evidence = request.path("evidenceReference").asText("");
        if (evidence.isBlank() || evidence.length() > 200) {
            issues.add(Issue.error(IssueType.REQUIRED, "evidenceReference",
                    "evidenceReference is required (where the signed form or online record is kept), 200 characters"
                            + " at most"));
        }
        Instant now = Instant.now();
        Instant givenAt = instant(request, "givenAt", now, issues);
        Instant expiresAt = instant(request, "expiresAt", null, issues);
        if (givenAt != null && expiresAt != null && !expiresAt.isAfter(givenAt)) {
            issues.add(Issue.error(IssueType.INVARIANT, "expiresAt", "expiresAt must come after givenAt"));
        }
        String collectedBy = request.path("collectedBy").isTextual() ? request.get("collectedBy").asText() : null;
        if (collectedBy != null && partners.find(collectedBy).isEmpty()) {
            issues.add(Issue.error(IssueType.VALUE, "collectedBy", "collectedBy must be a partner id"));
        }
        if (!issues.isEmpty()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, new OperationOutcome(issues));
        }
        ConsentRecord consent = new ConsentRecord("consent-" + UUID.randomUUID(), subject, recipient, purposes,
                categories, consentType, givenAt, expiresAt, null, method, evidence, collectedBy, caller.id(), now);
        String changeId = changes.record(consent);
        ObjectNode answer = view(consent, now);
        answer.put("consentChangeExchangeId", changeId);
        return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).body(answer);
    }

    @GetMapping("/api/v1/consents")
    public ArrayNode bySubject(@RequestHeader(value = ExchangeController.API_KEY, required = false) String apiKey,
                               @RequestParam String subject) {
        caller(apiKey, MAY_READ, "read consents");
        return list(subject);
    }

    /** The consents of a person known by NIR: body {@code {"nir": "..."}}, never a URL parameter. */
    @PostMapping(value = "/api/v1/consents/lookup", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ArrayNode byNir(@RequestHeader(value = ExchangeController.API_KEY, required = false) String apiKey,
                           @RequestBody String body) {
        caller(apiKey, MAY_READ, "read consents");
        List<Issue> issues = new ArrayList<>();
        String subject = subjectOf(parse(body), issues);
        if (!issues.isEmpty()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, new OperationOutcome(issues));
        }
        return list(subject);
    }

    @GetMapping("/api/v1/consents/{id}")
    public JsonNode one(@RequestHeader(value = ExchangeController.API_KEY, required = false) String apiKey,
                        @PathVariable String id) {
        caller(apiKey, MAY_READ, "read consents");
        return view(registry.find(id).orElseThrow(() -> noSuchConsent(id)), Instant.now());
    }

    /** Withdrawal takes effect at once: every delivery decided from now on, queued ones included, honours it. */
    @PostMapping("/api/v1/consents/{id}/withdraw")
    public JsonNode withdraw(@RequestHeader(value = ExchangeController.API_KEY, required = false) String apiKey,
                             @PathVariable String id) {
        Caller caller = caller(apiKey, MAY_CHANGE, "withdraw consents (administrator or authorised agent only)");
        registry.find(id).orElseThrow(() -> noSuchConsent(id));
        ConsentRecord withdrawn = changes.withdraw(id, caller.id()).orElseThrow(() -> new ApiProblem(
                HttpStatus.CONFLICT, IssueType.CONFLICT, "Consent " + id + " is already withdrawn"));
        return view(withdrawn, Instant.now());
    }

    /** Why each recipient of an exchange got what it got: the SHARING_DECIDED events of its journey. */
    @GetMapping("/api/v1/consents/decisions")
    public JsonNode decisions(@RequestHeader(value = ExchangeController.API_KEY, required = false) String apiKey,
                              @RequestParam String exchangeId) {
        caller(apiKey, MAY_READ, "read sharing decisions");
        ObjectNode answer = json.createObjectNode();
        answer.put("exchangeId", exchangeId);
        ArrayNode decisions = answer.putArray("decisions");
        for (AuditEvent event : journal.journeyOf(exchangeId)) {
            if (event.step() == AuditEvent.Step.SHARING_DECIDED) {
                ObjectNode decision = decisions.addObject();
                decision.put("decidedAt", event.recordedAt().toString());
                decision.put("outcome", event.outcome().name());
                try {
                    decision.setAll((ObjectNode) json.readTree(event.detail()));
                } catch (JsonProcessingException | ClassCastException e) {
                    decision.put("reason", event.detail());
                }
            }
        }
        return answer;
    }

    private ArrayNode list(String subject) {
        Instant now = Instant.now();
        ArrayNode answer = json.createArrayNode();
        registry.consentsOf(subject).forEach(c -> answer.add(view(c, now)));
        return answer;
    }

    private ObjectNode view(ConsentRecord consent, Instant now) {
        ObjectNode view = json.valueToTree(consent);
        view.put("status", consent.statusAt(now));
        return view;
    }

    private static ApiProblem noSuchConsent(String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, IssueType.NOT_FOUND, "No consent " + id);
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node == null || !node.isObject()) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, IssueType.STRUCTURE, "A JSON object is expected");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, IssueType.STRUCTURE, "The body is not valid JSON");
        }
    }

    /** The person: a pseudonym given as {@code subject}, or a NIR hashed here and forgotten. */
    private String subjectOf(JsonNode request, List<Issue> issues) {
        if (request.path("nir").isTextual()) {
            try {
                return pseudonyms.forNir(Nir.parse(request.get("nir").asText()));
            } catch (InvalidNirException e) {
                // The message names the problem, never the digits.
                issues.add(Issue.error(IssueType.VALUE, "nir", e.getMessage()));
                return null;
            }
        }
        if (request.path("subject").isTextual() && !request.get("subject").asText().isBlank()) {
            return request.get("subject").asText();
        }
        issues.add(Issue.error(IssueType.REQUIRED, "subject", "subject (the pseudonym) or nir is required"));
        return null;
    }

    private static Set<String> texts(JsonNode request, String field, List<Issue> issues) {
        Set<String> values = new LinkedHashSet<>();
        request.path(field).forEach(v -> {
            if (v.isTextual() && !v.asText().isBlank()) {
                values.add(v.asText());
            }
        });
        if (values.isEmpty()) {
            issues.add(Issue.error(IssueType.REQUIRED, field, field + " must list at least one value"));
        }
        return Set.copyOf(values);
    }

    private static Instant instant(JsonNode request, String field, Instant absent, List<Issue> issues) {
        if (!request.hasNonNull(field)) {
            return absent;
        }
        try {
            return Instant.parse(request.get(field).asText());
        } catch (DateTimeParseException e) {
            issues.add(Issue.error(IssueType.VALUE, field, field + " must be an ISO-8601 instant (2026-01-31T09:00:00Z)"));
            return absent;
        }
    }
}
