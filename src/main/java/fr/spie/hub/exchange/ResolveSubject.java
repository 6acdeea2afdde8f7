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
public class ResolveSubject {

    private static final String APPLICANT_ROLE = "DEM";

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
        for (Person person : persons) {
            List<PartnerIdentifier> identifiers = identifiersOf(person, identifierFields);
            PersonSubject resolved = withLinks(resolve(person), identifiers);
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
        message.audit(Step.SUBJECT_RESOLVED, found.issue().isEmpty() ? Outcome.OK : Outcome.WARNING, null,
                persons.size() + " person(s)" + (found.issue().isEmpty() ? "" : ", " + found.issue().size()
                        + " warning(s)"));
        // Every person's pseudonym goes into the journal, so that a spouse's access report finds the household.
        List<AuditEvent> events = message.auditEvents();
        events.set(events.size() - 1, events.get(events.size() - 1).withPersons(subjects));
        return message;
    }

    private record Person(ObjectNode node, String path) {

        /** The person's place in the schema: its path without array positions or the leading "data". */
        String schemaPath() {
            return path.replaceAll("\\[\\d+]", "").replaceFirst("^data\\.?", "");
        }
    }

    private record PartnerIdentifier(String kind, String hash, String where) {
    }

    private List<PartnerIdentifier> identifiersOf(Person person, Map<String, String> identifierFields) {
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
     * A person found by NIR or matching keys links its identifiers to its subject; a person found by neither is
     * looked up by them.
     */
    private PersonSubject withLinks(PersonSubject resolved, List<PartnerIdentifier> identifiers) {
        if (identifiers.isEmpty() || resolved.issues().hasErrors()) {
            return resolved;
        }
        if (resolved.subject() != null) {
            OperationOutcome issues = resolved.issues();
            for (PartnerIdentifier id : identifiers) {
                if (links.link(id.kind(), id.hash(), resolved.subject()) == IdentifierLinks.Link.CONFLICT) {
                    issues = issues.and(Issue.warning(IssueType.CONFLICT, id.where(), "This " + id.kind()
                            + " identifier is already linked to another person: not merged, to be checked"));
                }
            }
            return new PersonSubject(resolved.subject(), issues);
        }
        for (PartnerIdentifier id : identifiers) {
            var subject = links.subjectOf(id.kind(), id.hash());
            if (subject.isPresent()) {
                return new PersonSubject(subject.get(), OperationOutcome.ok());
            }
        }
        return new PersonSubject(null, resolved.issues().and(Issue.warning(IssueType.NOT_FOUND,
                identifiers.get(0).where(), "No person is known yet under this " + identifiers.get(0).kind()
                        + " identifier")));
    }

    private record PersonSubject(String subject, OperationOutcome issues) {
    }

    private PersonSubject resolve(Person person) {
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
            try {
                Nir nir = Nir.parse(rawNir);
                OperationOutcome warnings = OperationOutcome.ok();
                for (String warning : nir.consistencyWarnings(identity.path("sex").asText(""), birthDate)) {
                    warnings = warnings.and(Issue.warning(IssueType.INVARIANT, where + ".nir", warning));
                }
                return new PersonSubject(pseudonyms.forNir(nir), warnings);
            } catch (InvalidNirException e) {
                return new PersonSubject(null, OperationOutcome.error(IssueType.VALUE, where + ".nir",
                        e.getMessage()));
            }
        }
        String birthName = identity.path("birthName").asText(identity.path("lastName").asText(""));
        String firstName = identity.path("firstName").asText("");
        if (birthName.isEmpty() || firstName.isEmpty() || birthDate == null) {
            return new PersonSubject(null, OperationOutcome.of(Issue.warning(IssueType.REQUIRED, where,
                    "Person without NIR nor complete matching keys (birth name, first name, birth date)")));
        }
        return new PersonSubject(pseudonyms.forMatchingKeys(birthName, firstName, birthDate), OperationOutcome.ok());
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
}
