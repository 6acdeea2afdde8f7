package fr.spie.hub.exchange;

import fr.spie.hub.canonical.CanonicalEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.canonical.CanonicalSchemas;
import fr.spie.hub.identity.Nir;
import fr.spie.hub.identity.SubjectPseudonymizer;
import fr.spie.hub.subjects.IdentifierLinks;
import fr.spie.hub.validation.OperationOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step 5: every person gets a pseudonym; the event's subject is the applicant's; bad NIRs never pass silently. */
class ResolveSubjectTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SubjectPseudonymizer pseudonyms = new SubjectPseudonymizer(
            "a-test-key-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8));
    private final IdentifierLinks links = new IdentifierLinks(inMemoryDatabase());
    private final ResolveSubject step = new ResolveSubject(pseudonyms,
            new CanonicalSchemas(Path.of("schemas/canonical")), links);

    /** A fresh database with the hub's own migrations, as Flyway runs them at start. */
    private static JdbcTemplate inMemoryDatabase() {
        DriverManagerDataSource database = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(database);
    }

    private static MessageInTransit householdOf(String personsJson) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree("{\"persons\": " + personsJson + "}");
        MessageInTransit message = new MessageInTransit("ex-1", "corr-1", Instant.now(), "caf", "flux-rsa", 1,
                JSON.createObjectNode(), Map.of(), null, OperationOutcome.ok());
        message.event(new CanonicalEvent("1.0", "ex-1", "/partners/caf", "fr.spie.rsa-household", "t", null,
                "application/json", null, "rsa-follow-up", "corr-1", List.of(), data));
        return message;
    }

    @Test
    void eachPersonGetsThePseudonymOfItsNirAndTheEventTheApplicants() throws Exception {
        MessageInTransit message = householdOf("""
                [{"role": "CJT", "identity": {"nir": "2820251108030", "sex": "2", "birthDate": "1982-02-01"}},
                 {"role": "DEM", "identity": {"nir": "1770393050005", "sex": "1", "birthDate": "1977-03-23"}}]""");
        step.apply(message);
        String applicant = pseudonyms.forNir(Nir.parse("1770393050005"));
        assertThat(message.event().subject()).isEqualTo(applicant);
        assertThat(message.event().data().at("/persons/0/subject").asText())
                .isEqualTo(pseudonyms.forNir(Nir.parse("2820251108030")));
        assertThat(message.event().data().at("/persons/1/subject").asText()).isEqualTo(applicant);
        assertThat(message.outcome().issue()).isEmpty();
    }

    @Test
    void withoutAnApplicantTheFirstPersonIsTheSubject() throws Exception {
        MessageInTransit message = householdOf("""
                [{"role": "CJT", "identity": {"nir": "2820251108030"}},
                 {"role": "CJT", "identity": {"nir": "1770393050005"}}]""");
        step.apply(message);
        assertThat(message.event().subject()).isEqualTo(pseudonyms.forNir(Nir.parse("2820251108030")));
    }

    @Test
    void aPersonWithoutNirIsMatchedOnBirthNameFirstNameAndBirthDate() throws Exception {
        MessageInTransit message = householdOf("""
                [{"role": "DEM", "identity": {"birthName": "Dupré", "firstName": "Élodie", "birthDate": "1990-05-04"}}]""");
        step.apply(message);
        assertThat(message.event().subject()).isEqualTo(pseudonyms.forMatchingKeys("DUPRE", "ELODIE",
                java.time.LocalDate.of(1990, 5, 4)));
    }

    @Test
    void aNirWithAWrongKeyRejectsTheMessageAtItsPlaceWithoutQuotingIt() throws Exception {
        MessageInTransit message = householdOf("""
                [{"role": "DEM", "identity": {"nir": "177039305000512"}}]""");
        assertThatThrownBy(() -> step.apply(message)).isInstanceOfSatisfying(ExchangeRejectedException.class, e -> {
            OperationOutcome.Issue issue = e.outcome().issue().get(0);
            assertThat(issue.expression()).containsExactly("data.persons[0].identity.nir");
            assertThat(issue.diagnostics()).doesNotContain("1770393050005");
        });
    }

    @Test
    void aNirThatDisagreesWithTheSexIsAWarningNotARejection() throws Exception {
        MessageInTransit message = householdOf("""
                [{"role": "DEM", "identity": {"nir": "1770393050005", "sex": "2", "birthDate": "1977-03-23"}}]""");
        step.apply(message);
        assertThat(message.outcome().hasErrors()).isFalse();
        assertThat(message.outcome().warnings()).singleElement()
                .satisfies(w -> assertThat(w.expression()).containsExactly("data.persons[0].identity.nir"));
    }

    @Test
    void aPartnerIdentifierSeenWithANirFindsThatPersonLaterWithoutOne() throws Exception {
        step.apply(householdOf("""
                [{"role": "DEM", "franceTravailId": "1234567A", "identity": {"nir": "1770393050005"}}]"""));
        MessageInTransit later = householdOf("""
                [{"role": "DEM", "franceTravailId": "1234567A", "identity": {}}]""");
        step.apply(later);
        assertThat(later.event().subject()).isEqualTo(pseudonyms.forNir(Nir.parse("1770393050005")));
        assertThat(later.outcome().issue()).isEmpty();
    }

    @Test
    void anIdentifierClaimedByASecondPersonIsFlaggedAndNotMoved() throws Exception {
        step.apply(householdOf("""
                [{"role": "DEM", "franceTravailId": "7654321B", "identity": {"nir": "1770393050005"}}]"""));
        MessageInTransit other = householdOf("""
                [{"role": "DEM", "franceTravailId": "7654321B", "identity": {"nir": "2820251108030"}}]""");
        step.apply(other);
        assertThat(other.outcome().warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(OperationOutcome.IssueType.CONFLICT);
            assertThat(w.expression()).containsExactly("data.persons[0].franceTravailId");
            assertThat(w.diagnostics()).doesNotContain("7654321B");
        });
        String kind = "numero-demandeur-emploi";
        assertThat(links.subjectOf(kind, pseudonyms.forPartnerIdentifier(kind, "7654321B")))
                .contains(pseudonyms.forNir(Nir.parse("1770393050005")));
    }

    @Test
    void aPersonSeenWithANirIsFoundLaterByBirthNameFirstNameAndBirthDateAlone() throws Exception {
        step.apply(householdOf("""
                [{"role": "DEM", "identity": {"nir": "1770393050005", "birthName": "Guérin", "firstName": "Loïc",
                  "birthDate": "1977-03-23"}}]"""));
        MessageInTransit later = householdOf("""
                [{"role": "DEM", "identity": {"lastName": "GUERIN", "firstName": "LOIC", "birthDate": "1977-03-23"}}]""");
        step.apply(later);
        assertThat(later.event().subject()).isEqualTo(pseudonyms.forNir(Nir.parse("1770393050005")));
        assertThat(later.outcome().issue()).isEmpty();
    }

    @Test
    void anIdentifierComesBeforeTheMatchingKeysInTheCascade() throws Exception {
        step.apply(householdOf("""
                [{"role": "DEM", "franceTravailId": "5550001C", "identity": {"nir": "2820251108030"}}]"""));
        // the same job seeker number with a name spelt otherwise: the identifier decides, the keys would not match
        MessageInTransit later = householdOf("""
                [{"role": "DEM", "franceTravailId": "5550001C",
                  "identity": {"lastName": "Autrement", "firstName": "Ecrit", "birthDate": "1982-02-01"}}]""");
        step.apply(later);
        assertThat(later.event().subject()).isEqualTo(pseudonyms.forNir(Nir.parse("2820251108030")));
    }

    @Test
    void twoNirsWithTheSameMatchingKeysAreFlaggedNotMerged() throws Exception {
        step.apply(householdOf("""
                [{"role": "DEM", "identity": {"nir": "1770393050005", "birthName": "Homonyme", "firstName": "Jean",
                  "birthDate": "1977-03-23"}}]"""));
        MessageInTransit other = householdOf("""
                [{"role": "DEM", "identity": {"nir": "1770307010123", "birthName": "Homonyme", "firstName": "Jean",
                  "birthDate": "1977-03-23"}}]""");
        step.apply(other);
        assertThat(other.event().subject()).isEqualTo(pseudonyms.forNir(Nir.parse("1770307010123")));
        assertThat(other.outcome().warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(OperationOutcome.IssueType.CONFLICT);
            assertThat(w.expression()).containsExactly("data.persons[0].identity");
        });
    }

    @Test
    void anUnknownIdentifierAloneIdentifiesNobody() throws Exception {
        MessageInTransit message = householdOf("""
                [{"role": "DEM", "franceTravailId": "0000000Z", "identity": {}}]""");
        assertThatThrownBy(() -> step.apply(message)).isInstanceOf(ExchangeRejectedException.class);
    }

    @Test
    void anEventWithNoIdentifiablePersonIsRejected() throws Exception {
        MessageInTransit message = householdOf("[{\"role\": \"DEM\", \"identity\": {\"firstName\": \"X\"}}]");
        assertThatThrownBy(() -> step.apply(message)).isInstanceOf(ExchangeRejectedException.class);
    }
}
