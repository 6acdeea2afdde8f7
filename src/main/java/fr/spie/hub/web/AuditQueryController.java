package fr.spie.hub.web;

import fr.spie.hub.access.AccessGuard;
import fr.spie.hub.access.Caller;
import fr.spie.hub.audit.AuditChain.ChainedEvent;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.audit.AuditQueries;
import fr.spie.hub.audit.AuditQueries.AccessReport;
import fr.spie.hub.audit.AuditQueries.Criteria;
import fr.spie.hub.identity.InvalidNirException;
import fr.spie.hub.identity.Nir;
import fr.spie.hub.identity.SubjectPseudonymizer;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
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
 * The auditor's questions (auditor's key only): events by person, partner, exchange, message type, step and time
 * range, paged; one exchange's journey; a person's access report in JSON or CSV. An auditor who has a NIR posts it to
 * {@code subjects/lookup}: the hub answers its pseudonym, so the NIR never travels in a URL or a log.
 */
@RestController
public class AuditQueryController {

    /** Dates without a time are days in France. */
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private final AccessGuard guard;
    private final AuditJournal journal;
    private final AuditQueries queries;
    private final SubjectPseudonymizer pseudonyms;

    public AuditQueryController(AccessGuard guard, AuditJournal journal, AuditQueries queries,
                                SubjectPseudonymizer pseudonyms) {
        this.guard = guard;
        this.journal = journal;
        this.queries = queries;
        this.pseudonyms = pseudonyms;
    }

    /** An event as the API shows it: its place in the chain, its hash, and what the journal holds. */
    public record EventView(long seq, String hash, Instant recordedAt, String exchangeId, String correlationId,
                            String step, String outcome, String sender, String recipient, String messageType,
                            String subject, String purpose, String payloadSha256, String detail, List<String> persons,
                            List<String> dataCategories) {

        static EventView of(ChainedEvent c) {
            AuditEvent e = c.event();
            return new EventView(c.seq(), c.hash(), e.recordedAt(), e.exchangeId(), e.correlationId(), e.step().name(),
                    e.outcome().name(), e.sender(), e.recipient(), e.messageType(), e.subject(), e.purpose(),
                    e.payloadSha256(), e.detail(), e.persons(), e.dataCategories());
        }
    }

    public record EventPage(int page, int size, long total, List<EventView> events) {
    }

    @GetMapping("/api/v1/audit/events")
    public EventPage events(@RequestHeader(value = ExchangeController.API_KEY, required = false) String apiKey,
                            @RequestParam(required = false) String subject,
                            @RequestParam(required = false) String partner,
                            @RequestParam(required = false) String exchangeId,
                            @RequestParam(required = false) String type,
                            @RequestParam(required = false) String step,
                            @RequestParam(required = false) String from,
                            @RequestParam(required = false) String to,
                            @RequestParam(defaultValue = "0") int page,
                            @RequestParam(defaultValue = "50") int size) {
        auditor(apiKey, "/api/v1/audit/events");
        Criteria criteria = new Criteria(blank(subject), blank(partner), blank(exchangeId), blank(type), step(step),
                time("from", from, false), time("to", to, true));
        AuditQueries.Page result = queries.events(criteria, page, size);
        return new EventPage(result.page(), result.size(), result.total(),
                result.events().stream().map(EventView::of).toList());
    }

    public record ExchangeJourney(String exchangeId, AuditQueries.ExchangeAbout summary, List<EventView> events) {
    }

    @GetMapping("/api/v1/audit/exchanges/{exchangeId}")
    public ExchangeJourney exchange(@RequestHeader(value = ExchangeController.API_KEY, required = false) String apiKey,
                                    @PathVariable String exchangeId) {
        auditor(apiKey, "/api/v1/audit/exchanges");
        List<ChainedEvent> journey = queries.journey(exchangeId);
        if (journey.isEmpty()) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, IssueType.NOT_FOUND, "No exchange " + exchangeId
                    + " in the journal");
        }
        return new ExchangeJourney(exchangeId, AuditQueries.summarise(exchangeId, journey),
                journey.stream().map(EventView::of).toList());
    }

    /** A NIR, or birth name, first name and birth date, as the auditor typed them. */
    public record PersonLookup(String nir, String birthName, String firstName, String birthDate) {
    }

    public record SubjectFound(String subject, int exchanges) {
    }

    @PostMapping("/api/v1/audit/subjects/lookup")
    public SubjectFound lookup(@RequestHeader(value = ExchangeController.API_KEY, required = false) String apiKey,
                               @RequestBody PersonLookup person) {
        auditor(apiKey, "/api/v1/audit/subjects/lookup");
        String subject;
        if (person.nir() != null && !person.nir().isBlank()) {
            try {
                subject = pseudonyms.forNir(Nir.parse(person.nir()));
            } catch (InvalidNirException e) {
                // The message says what is wrong (length, key), never the digits.
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, IssueType.VALUE, e.getMessage());
            }
        } else if (blank(person.birthName()) != null && blank(person.firstName()) != null
                && blank(person.birthDate()) != null) {
            try {
                subject = pseudonyms.forMatchingKeys(person.birthName(), person.firstName(),
                        LocalDate.parse(person.birthDate()));
            } catch (DateTimeParseException e) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, IssueType.VALUE,
                        "birthDate must be a date (YYYY-MM-DD)");
            }
        } else {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, IssueType.REQUIRED,
                    "A NIR, or birth name, first name and birth date, are needed");
        }
        return new SubjectFound(subject, queries.exchangesAbout(subject).size());
    }

    @GetMapping("/api/v1/audit/subjects/{subject}/report")
    public ResponseEntity<?> report(@RequestHeader(value = ExchangeController.API_KEY, required = false) String apiKey,
                                    @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                    @PathVariable String subject,
                                    @RequestParam(required = false) String format) {
        auditor(apiKey, "/api/v1/audit/subjects/report");
        AccessReport report = queries.accessReport(subject);
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null
                && accept.toLowerCase(Locale.ROOT).contains("text/csv"));
        if (!csv) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
        }
        String name = "rapport-acces-" + subject.substring(0, Math.min(12, subject.length())) + ".csv";
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(AuditQueries.csv(report).getBytes(StandardCharsets.UTF_8));
    }

    private void auditor(String apiKey, String what) {
        AuditController.AuditAccess.require(guard, apiKey, "GET " + what, Caller.Role.AUDITOR);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static AuditEvent.Step step(String step) {
        if (blank(step) == null) {
            return null;
        }
        try {
            return AuditEvent.Step.valueOf(step.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, IssueType.VALUE, "Unknown step '" + step + "'");
        }
    }

    /** An instant, a local date-time or a date (a whole day: {@code to} includes it), in France's time zone. */
    static Instant time(String name, String value, boolean endOfRange) {
        if (blank(value) == null) {
            return null;
        }
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                return (endOfRange ? day.plusDays(1) : day).atStartOfDay(FRANCE).toInstant();
            }
            if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return java.time.OffsetDateTime.parse(v).toInstant();
            }
            return LocalDateTime.parse(v).atZone(FRANCE).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, IssueType.VALUE, name
                    + " must be a date (YYYY-MM-DD) or a date and time (ISO 8601)");
        }
    }
}
