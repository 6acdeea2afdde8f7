package fr.spie.hub.exchange;

import fr.spie.hub.canonical.CanonicalEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.subjects.IdentifierLinks;
import fr.spie.hub.identity.InvalidNirException;
import fr.spie.hub.identity.Nir;
import fr.spie.hub.identity.SubjectPseudonymizer;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Step 5: every person of the event gets the hub's pseudonym as {@code subject} (keyed HMAC of the normalised NIR, or
 * of birth name, first name and birth date when there is no NIR); the event's own subject is its applicant's (role
 * DEM), else its first person's. A person is any object of the data holding an {@code identity} object. A NIR that
 * disagrees with sex or birth date is flagged, never trusted silently.
 *
 * <p>Partners' own identifiers of the person (fields marked {@code x-spie-identifier} in the canonical schema, such
 * as France Travail's job seeker number) are linked to the subject found, so that a later message carrying only the
 * identifier finds the same person. An identifier already linked to someone else is flagged, never moved.
 */
@Component("resolveSubject")
public class ResolveSubject implements Processor {

    private static final String APPLICANT_ROLE = "DEM";
    /** The link kind of birth name + first name + birth date, made by a person with a NIR (keyed hash, like all). */
    static final String MATCHING_KEYS = "matching-keys";
    private static final java.util.regex.Pattern POSITIONS = java.util.regex.Pattern.compile("\\[\\d+]");
    private static final java.util.regex.Pattern LEADING_DATA = java.util.regex.Pattern.compile("^data\\.?");

    private final SubjectPseudonymizer pseudonyms;
    private final CanonicalSchemas canonical;
    private final IdentifierLinks links;

    public ResolveSubject(SubjectPseudonymizer pseudonyms, CanonicalSchemas canonical, IdentifierLinks links) {
        this.pseudonyms = pseudonyms;
        this.canonical = canonical;
        this.links = links;
    }

    public MessageInTransit apply(MessageInTransit message) {
        CanonicalEvent event = message.event();
        List<Person> persons = new ArrayList<>();
        findPersons(event.data(), "data", persons);
        OperationOutcome found = OperationOutcome.ok();
        String firstSubject = null;
        String applicantSubject = null;
        List<String> subjects = new ArrayList<>();
        Map<String, String> identifierFields = canonical.identifiersOf(event.type());
        // Every identifier of every person first, so that their links are read in one statement, not one each.
        List<List<PartnerIdentifier>> identifiersByPerson = new ArrayList<>();
        List<PartnerIdentifier> matchingKeysByPerson = new ArrayList<>();
        List<IdentifierLinks.Key> keys = new ArrayList<>();
        for (Person person : persons) {
            List<PartnerIdentifier> identifiers = identifiersOf(person, identifierFields);
            identifiersByPerson.add(identifiers);
            identifiers.forEach(id -> keys.add(new IdentifierLinks.Key(id.kind(), id.hash())));
            PartnerIdentifier matchingKeys = matchingKeysOf(person);
            matchingKeysByPerson.add(matchingKeys);
            if (matchingKeys != null) {
                keys.add(new IdentifierLinks.Key(matchingKeys.kind(), matchingKeys.hash()));
            }
        }
        IdentifierLinks.Lookup links = this.links.lookup(keys);
        for (int p = 0; p < persons.size(); p++) {
            Person person = persons.get(p);
            PersonSubject resolved = resolve(person, identifiersByPerson.get(p), matchingKeysByPerson.get(p), links);
            found = found.and(resolved.issues());
            if (resolved.subject() == null) {
                continue;
            }
            person.node().put("subject", resolved.subject());
            if (!subjects.contains(resolved.subject())) {
                subjects.add(resolved.subject());
            }
            firstSubject = firstSubject == null ? resolved.subject() : firstSubject;
            if (applicantSubject == null && APPLICANT_ROLE.equals(person.node().path("role").asText())) {
                applicantSubject = resolved.subject();
            }
        }
        String eventSubject = applicantSubject != null ? applicantSubject : firstSubject;
        message.addIssues(found, Step.SUBJECT_RESOLVED);
        if (eventSubject == null) {
            throw new ExchangeRejectedException(message.outcome().and(OperationOutcome.error(IssueType.REQUIRED,
                    "data", "No person of the event can be identified: a NIR, or birth name, first name and birth "
                            + "date, are needed")), Step.SUBJECT_RESOLVED);
        }
        message.event(event.withSubject(eventSubject));
        // The warnings go into the journal with where and why: their texts name kinds and paths, never values.
        StringBuilder detail = new StringBuilder(persons.size() + " person(s)");
        for (Issue issue : found.issue()) {
            detail.append("; ").append(issue.severity().code()).append(' ').append(issue.code().code()).append(" at ")
                    .append(String.join(",", issue.expression())).append(": ").append(issue.diagnostics());
        }
        message.audit(Step.SUBJECT_RESOLVED, found.issue().isEmpty() ? Outcome.OK : Outcome.WARNING, null,
                detail.length() > 4000 ? detail.substring(0, 4000) + "…" : detail.toString());
        // Every person's pseudonym goes into the journal, so that a spouse's access report finds the household.
        List<AuditEvent> events = message.auditEvents();
        events.set(events.size() - 1, events.get(events.size() - 1).withPersons(subjects));
        return message;
    }

    private record Person(ObjectNode node, String path) {

        /** The person's place in the schema: its path without array positions or the leading "data". */
        String schemaPath() {
            return LEADING_DATA.matcher(POSITIONS.matcher(path).replaceAll("")).replaceFirst("");
        }
    }

    private record PartnerIdentifier(String kind, String hash, String where) {
    }

    private List<PartnerIdentifier> identifiersOf(Person person, Map<String, String> identifierFields) {
        if (identifierFields.isEmpty()) {
            return List.of(); // most event types (a CAF household) mark no partner identifier
        }
        String prefix = person.schemaPath().isEmpty() ? "" : person.schemaPath() + ".";
        List<PartnerIdentifier> found = new ArrayList<>();
        identifierFields.forEach((field, kind) -> {
            if (field.startsWith(prefix)) {
                String relative = field.substring(prefix.length());
                JsonNode value = person.node().at("/" + relative.replace('.', '/'));
                if (value.isTextual() && !value.asText().isBlank()) {
                    found.add(new PartnerIdentifier(kind, pseudonyms.forPartnerIdentifier(kind, value.asText()),
                            person.path() + "." + relative));
                }
            }
        });
        return found;
    }

    /**
     * The matching cascade of the partners' own practice: NIR, then the partners' identifiers, then birth name, first
     * name and birth date. A person with a NIR links its identifiers and its matching keys to the NIR's pseudonym, so
     * that a partner that knows the same person without NIR (France Travail's extract, i-milo) reaches the same
     * subject. A link that points elsewhere is a conflict: reported as a warning, never moved nor merged.
     */
    private PersonSubject resolve(Person person, List<PartnerIdentifier> identifiers, PartnerIdentifier keys,
                                  IdentifierLinks.Lookup links) {
        JsonNode identity = person.node().get("identity");
        String where = person.path() + ".identity";
        LocalDate birthDate = null;
        String rawBirthDate = identity.path("birthDate").asText("");
        if (!rawBirthDate.isEmpty()) {
            try {
                birthDate = LocalDate.parse(rawBirthDate);
            } catch (DateTimeParseException e) {
                return new PersonSubject(null, OperationOutcome.error(IssueType.VALUE, where + ".birthDate",
                        "Birth date is not a date (yyyy-MM-dd)"));
            }
        }
        String rawNir = identity.path("nir").asText("");
        if (!rawNir.isEmpty()) {
            Nir nir;
            try {
                nir = Nir.parse(rawNir);
            } catch (InvalidNirException e) {
                return new PersonSubject(null, OperationOutcome.error(IssueType.VALUE, where + ".nir",
                        e.getMessage()));
            }
            OperationOutcome warnings = OperationOutcome.ok();
            for (String warning : nir.consistencyWarnings(identity.path("sex").asText(""), birthDate)) {
                warnings = warnings.and(Issue.warning(IssueType.INVARIANT, where + ".nir", warning
                        + ": the NIR is kept as given, to be checked"));
            }
            String subject = pseudonyms.forNir(nir);
            warnings = warnings.and(link(identifiers, subject, links));
            if (keys != null && links.link(keys.kind(), keys.hash(), subject) == IdentifierLinks.Link.CONFLICT) {
                warnings = warnings.and(Issue.warning(IssueType.CONFLICT, keys.where(), "Another person, with "
                        + "another NIR, has the same birth name, first name and birth date: not merged, to be checked"));
            }
            return new PersonSubject(subject, warnings);
        }
        for (PartnerIdentifier id : identifiers) {
            Optional<String> known = links.subjectOf(id.kind(), id.hash());
            if (known.isPresent()) {
                return new PersonSubject(known.get(), link(identifiers, known.get(), links));
            }
        }
        if (keys != null) {
            // a person seen before with a NIR keeps that NIR's subject; otherwise the keys make their own pseudonym
            String subject = links.subjectOf(keys.kind(), keys.hash()).orElseGet(() ->
                    pseudonyms.forMatchingKeys(identity.path("birthName").asText(identity.path("lastName").asText("")),
                            identity.path("firstName").asText(""), LocalDate.parse(rawBirthDate)));
            return new PersonSubject(subject, link(identifiers, subject, links));
        }
        if (!identifiers.isEmpty()) {
            // every identifier tried, by kind and place (never its value)
            return new PersonSubject(null, OperationOutcome.of(new Issue(OperationOutcome.Severity.WARNING,
                    IssueType.NOT_FOUND, identifiers.stream().map(PartnerIdentifier::where).toList(),
                    "No person is known yet under this " + String.join(" or ", identifiers.stream()
                            .map(PartnerIdentifier::kind).toList()) + " identifier")));
        }
        return new PersonSubject(null, OperationOutcome.of(Issue.warning(IssueType.REQUIRED, where,
                "Person without NIR nor complete matching keys (birth name, first name, birth date)")));
    }

    /** Links each identifier to the subject; one already linked to another person is a conflict warning. */
    private static OperationOutcome link(List<PartnerIdentifier> identifiers, String subject,
                                         IdentifierLinks.Lookup links) {
        OperationOutcome issues = OperationOutcome.ok();
        for (PartnerIdentifier id : identifiers) {
            if (links.link(id.kind(), id.hash(), subject) == IdentifierLinks.Link.CONFLICT) {
                issues = issues.and(Issue.warning(IssueType.CONFLICT, id.where(), "This " + id.kind()
                        + " identifier is already linked to another person: not merged, to be checked"));
            }
        }
        return issues;
    }

    /**
     * Birth name (else last name), first name and birth date as a keyed hash, or null when one of them is missing or
     * the birth date is not a date (which {@link #resolve} reports).
     */
    private PartnerIdentifier matchingKeysOf(Person person) {
        JsonNode identity = person.node().get("identity");
        String where = person.path() + ".identity";
        LocalDate birthDate;
        try {
            String raw = identity.path("birthDate").asText("");
            birthDate = raw.isEmpty() ? null : LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            birthDate = null;
        }
        if (birthDate == null) {
            return null;
        }
        String birthName = SubjectPseudonymizer.normaliseName(
                identity.path("birthName").asText(identity.path("lastName").asText("")));
        String firstName = SubjectPseudonymizer.normaliseName(identity.path("firstName").asText(""));
        if (birthName.isEmpty() || firstName.isEmpty()) {
            return null;
        }
        String normalised = birthName + "|" + firstName + "|" + birthDate;
        return new PartnerIdentifier(MATCHING_KEYS, pseudonyms.forPartnerIdentifier(MATCHING_KEYS, normalised), where);
    }

    private record PersonSubject(String subject, OperationOutcome issues) {
    }

    private static void findPersons(JsonNode node, String path, List<Person> found) {
        if (node instanceof ObjectNode object) {
            if (object.get("identity") instanceof ObjectNode) {
                found.add(new Person(object, path));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("identity")) {
                    findPersons(field.getValue(), path + "." + field.getKey(), found);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findPersons(node.get(i), path + "[" + i + "]", found);
            }
        }
    }

    /** Called by Camel as a processor, without bean method binding per record; the route file still names the step. */
    @Override
    public void process(Exchange exchange) throws Exception {
        apply(exchange.getMessage().getBody(MessageInTransit.class));
    }
}
