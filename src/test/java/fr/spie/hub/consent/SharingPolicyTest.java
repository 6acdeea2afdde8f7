package fr.spie.hub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.consent.SharingAgreement.LegalBasis;
import fr.spie.hub.consent.SharingDecision.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sharing rules as a decision table: legal basis × categories present × consent (type, validity, withdrawal,
 * recipient, purpose, categories) → verdict, categories shared and removed. The recipient is the Département, the
 * purpose rsa-follow-up; both agreements list identity, pathway, health and family (never justice nor resources).
 */
class SharingPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final String RECIPIENT = "departement";
    private static final String PURPOSE = "rsa-follow-up";
    private static final String TYPE = "fr.spie.diagnostic";
    private static final Set<String> AGREED = Set.of("identity", "pathway", "health", "family");

    private static SharingAgreement agreement(String basis) {
        return switch (basis) {
            case "none" -> null;
            case "public-task" -> new SharingAgreement("public-task-agreement", RECIPIENT, List.of(TYPE), PURPOSE,
                    new LegalBasis(LegalBasis.Type.PUBLIC_TASK, "CASF R.263-4-1"), AGREED, "test.yaml");
            case "consent" -> new SharingAgreement("consent-agreement", RECIPIENT, List.of(TYPE), PURPOSE,
                    new LegalBasis(LegalBasis.Type.CONSENT, null), AGREED, "test.yaml");
            default -> throw new IllegalArgumentException(basis);
        };
    }

    private static ConsentRecord consent(String id, String recipient, Set<String> purposes, Set<String> categories,
                                         String type, Instant given, Instant expires, Instant withdrawn) {
        return new ConsentRecord(id, "subject-1", recipient, purposes, categories, type, given, expires, withdrawn,
                "paper", "form-42", "departement", "agent", given);
    }

    private static final Set<String> ALL_SENSITIVE_AND_MORE = Set.of("identity", "pathway", "health", "family",
            "justice");

    /** The consent situations of the table, by name. */
    private static List<ConsentRecord> consents(String state) {
        Instant yesterday = NOW.minus(Duration.ofDays(1));
        Set<String> purposes = Set.of(PURPOSE);
        return switch (state) {
            case "none" -> List.of();
            case "explicit" -> List.of(consent("c-1", RECIPIENT, purposes, ALL_SENSITIVE_AND_MORE, "explicit",
                    yesterday, null, null));
            case "implicit" -> List.of(consent("c-1", RECIPIENT, purposes, ALL_SENSITIVE_AND_MORE, "implicit",
                    yesterday, null, null));
            case "expired" -> List.of(consent("c-1", RECIPIENT, purposes, ALL_SENSITIVE_AND_MORE, "explicit",
                    NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofHours(1)), null));
            case "expires-later" -> List.of(consent("c-1", RECIPIENT, purposes, ALL_SENSITIVE_AND_MORE, "explicit",
                    yesterday, NOW.plus(Duration.ofDays(30)), null));
            case "withdrawn" -> List.of(consent("c-1", RECIPIENT, purposes, ALL_SENSITIVE_AND_MORE, "explicit",
                    yesterday, null, NOW.minus(Duration.ofMinutes(1))));
            case "withdrawal-later" -> List.of(consent("c-1", RECIPIENT, purposes, ALL_SENSITIVE_AND_MORE,
                    "explicit", yesterday, null, NOW.plus(Duration.ofMinutes(1))));
            case "not-yet-given" -> List.of(consent("c-1", RECIPIENT, purposes, ALL_SENSITIVE_AND_MORE, "explicit",
                    NOW.plus(Duration.ofDays(1)), null, null));
            case "other-recipient" -> List.of(consent("c-1", "france-travail", purposes, ALL_SENSITIVE_AND_MORE,
                    "explicit", yesterday, null, null));
            case "all-partners" -> List.of(consent("c-1", ConsentRecord.ALL_PARTNERS, purposes,
                    ALL_SENSITIVE_AND_MORE, "explicit", yesterday, null, null));
            case "all-partners-implicit" -> List.of(consent("c-1", ConsentRecord.ALL_PARTNERS, purposes,
                    ALL_SENSITIVE_AND_MORE, "implicit", yesterday, null, null));
            case "other-purpose" -> List.of(consent("c-1", RECIPIENT, Set.of("youth-follow-up"),
                    ALL_SENSITIVE_AND_MORE, "explicit", yesterday, null, null));
            case "health-only" -> List.of(consent("c-1", RECIPIENT, purposes, Set.of("health"), "explicit",
                    yesterday, null, null));
            case "family-only" -> List.of(consent("c-1", RECIPIENT, purposes, Set.of("family"), "explicit",
                    yesterday, null, null));
            case "identity-only" -> List.of(consent("c-1", RECIPIENT, purposes, Set.of("identity"), "implicit",
                    yesterday, null, null));
            case "withdrawn-then-new" -> List.of(
                    consent("c-0", RECIPIENT, purposes, ALL_SENSITIVE_AND_MORE, "explicit",
                            NOW.minus(Duration.ofDays(10)), null, NOW.minus(Duration.ofDays(5))),
                    consent("c-1", RECIPIENT, purposes, Set.of("health"), "explicit", yesterday, null, null));
            default -> throw new IllegalArgumentException(state);
        };
    }

    private static Set<String> categories(String joined) {
        return joined == null || joined.isBlank() ? Set.of() : new TreeSet<>(Arrays.asList(joined.split("\\+")));
    }

    @ParameterizedTest(name = "{index}: {0} basis, {1} present, consent {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # basis      | present                 | consent               | verdict   | shared                  | removed         | reason contains
            none         | identity                | none                  | REFUSED   | -                       | identity        | no sharing agreement
            none         | identity+health         | explicit              | REFUSED   | -                       | health+identity | no sharing agreement
            public-task  | identity                | none                  | ALLOWED   | identity                | -               | public-task (CASF R.263-4-1)
            public-task  | identity+pathway        | none                  | ALLOWED   | identity+pathway        | -               | public-task-agreement
            public-task  | identity+health         | none                  | MINIMISED | identity                | health          | sensitive (GDPR art. 9)
            public-task  | identity+health         | explicit              | ALLOWED   | health+identity         | -               | consent c-1
            public-task  | identity+health         | implicit              | MINIMISED | identity                | health          | no explicit consent
            public-task  | identity+health         | expired               | MINIMISED | identity                | health          | expired at
            public-task  | identity+health         | expires-later         | ALLOWED   | health+identity         | -               | consent c-1
            public-task  | identity+health         | withdrawn             | MINIMISED | identity                | health          | withdrawn at
            public-task  | identity+health         | withdrawal-later      | ALLOWED   | health+identity         | -               | consent c-1
            public-task  | identity+health         | not-yet-given         | MINIMISED | identity                | health          | not given before
            public-task  | identity+health         | other-recipient       | MINIMISED | identity                | health          | no explicit consent
            public-task  | identity+health         | all-partners          | ALLOWED   | health+identity         | -               | consent c-1
            public-task  | identity+health         | all-partners-implicit | MINIMISED | identity                | health          | no explicit consent
            public-task  | identity+health         | other-purpose         | MINIMISED | identity                | health          | no explicit consent
            public-task  | identity+health         | family-only           | MINIMISED | identity                | health          | no explicit consent
            public-task  | identity+family         | explicit              | ALLOWED   | family+identity         | -               | consent c-1
            public-task  | identity+family         | health-only           | MINIMISED | identity                | family          | no explicit consent
            public-task  | identity+justice        | explicit              | MINIMISED | identity                | justice         | not in agreement
            public-task  | identity+resources      | none                  | MINIMISED | identity                | resources       | not in agreement
            public-task  | health                  | none                  | REFUSED   | -                       | health          | nothing may go
            public-task  | health                  | explicit              | ALLOWED   | health                  | -               | consent c-1
            public-task  | health                  | withdrawn             | REFUSED   | -                       | health          | withdrawn at
            public-task  | identity+health+family  | health-only           | MINIMISED | health+identity         | family          | consent c-1
            public-task  | identity+health         | withdrawn-then-new    | ALLOWED   | health+identity         | -               | consent c-1
            public-task  | -                       | none                  | ALLOWED   | -                       | -               | public-task-agreement
            consent      | identity                | none                  | REFUSED   | -                       | identity        | no consent holds
            consent      | identity                | implicit              | ALLOWED   | identity                | -               | consent c-1
            consent      | identity                | explicit              | ALLOWED   | identity                | -               | consent c-1
            consent      | identity                | expired               | REFUSED   | -                       | identity        | expired at
            consent      | identity                | withdrawn             | REFUSED   | -                       | identity        | withdrawn at
            consent      | identity                | not-yet-given         | REFUSED   | -                       | identity        | not given before
            consent      | identity                | other-recipient       | REFUSED   | -                       | identity        | no consent holds
            consent      | identity                | all-partners-implicit | ALLOWED   | identity                | -               | consent c-1
            consent      | identity                | other-purpose         | REFUSED   | -                       | identity        | no consent holds
            consent      | identity+health         | implicit              | MINIMISED | identity                | health          | no explicit consent
            consent      | identity+health         | explicit              | ALLOWED   | health+identity         | -               | consent c-1
            consent      | identity+pathway        | identity-only         | MINIMISED | identity                | pathway         | no consent holds
            consent      | justice                 | explicit              | REFUSED   | -                       | justice         | not in agreement
            consent      | -                       | none                  | REFUSED   | -                       | -               | consent-agreement
            consent      | -                       | implicit              | ALLOWED   | -                       | -               | consent c-1
            """)
    void decides(String basis, String present, String consentState, Verdict verdict, String shared, String removed,
                 String reasonContains) {
        SharingDecision decision = SharingPolicy.decide(agreement(basis), consents(consentState), RECIPIENT, TYPE,
                PURPOSE, categories(present), NOW);
        assertThat(decision.verdict()).isEqualTo(verdict);
        assertThat(decision.shared()).containsExactlyInAnyOrderElementsOf(categories(shared));
        assertThat(decision.removed()).containsExactlyInAnyOrderElementsOf(categories(removed));
        assertThat(decision.reason()).contains(reasonContains);
        assertThat(decision.purpose()).isEqualTo(PURPOSE);
        assertThat(decision.agreement()).isEqualTo(basis.equals("none") ? null : agreement(basis).id());
    }

    @Test
    void theConsentThatAllowedASensitiveCategoryIsNamed() {
        SharingDecision decision = SharingPolicy.decide(agreement("public-task"), consents("withdrawn-then-new"),
                RECIPIENT, TYPE, PURPOSE, Set.of("identity", "health"), NOW);
        assertThat(decision.consents()).containsExactly("c-1");
        assertThat(decision.legalBasis()).isEqualTo("public-task (CASF R.263-4-1)");
    }

    /** A lookup whose answer the test changes, with the generation the registry would move on. */
    private static final class ChangingLookup implements ConsentLookup {
        List<ConsentRecord> answer = List.of();
        long generation;
        int reads;

        @Override
        public List<ConsentRecord> consentsOf(String subject) {
            reads++;
            return answer;
        }

        @Override
        public long generation() {
            return generation;
        }
    }

    @Test
    void decisionsAreCachedUntilTheConsentsChangeOrOneOfThemExpires() {
        ChangingLookup lookup = new ChangingLookup();
        SharingPolicy policy = new SharingPolicy(List.of(agreement("public-task")), lookup);
        Set<String> present = Set.of("identity", "health");
        lookup.answer = List.of(consent("c-1", RECIPIENT, Set.of(PURPOSE), Set.of("health"), "explicit",
                NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofMinutes(10)), null));
        assertThat(policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, present, NOW).verdict())
                .isEqualTo(Verdict.ALLOWED);
        assertThat(policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, present, NOW.plusSeconds(60)).verdict())
                .isEqualTo(Verdict.ALLOWED);
        assertThat(lookup.reads).as("the second decision came from the cache").isEqualTo(1);

        // Past the consent's expiry the cached decision no longer holds, though nothing was recorded.
        assertThat(policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, present, NOW.plus(Duration.ofMinutes(11)))
                .verdict()).isEqualTo(Verdict.MINIMISED);

        // A change (the registry moves its generation on) is seen by the very next decision.
        lookup.answer = List.of(consent("c-2", RECIPIENT, Set.of(PURPOSE), Set.of("health"), "explicit",
                NOW.minus(Duration.ofDays(1)), null, null));
        assertThat(policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, present, NOW.plus(Duration.ofMinutes(12)))
                .verdict()).as("same generation: still the cached decision").isEqualTo(Verdict.MINIMISED);
        lookup.generation++;
        SharingDecision after = policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, present,
                NOW.plus(Duration.ofMinutes(12)));
        assertThat(after.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(after.consents()).containsExactly("c-2");
    }

    @Test
    void consentsAreNotReadWhenNoCategoryNeedsOne() {
        ChangingLookup lookup = new ChangingLookup();
        SharingPolicy policy = new SharingPolicy(List.of(agreement("public-task")), lookup);
        assertThat(policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, Set.of("identity", "pathway"), NOW).verdict())
                .isEqualTo(Verdict.ALLOWED);
        // justice is sensitive but not in the agreement: removed whatever the consents say.
        assertThat(policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, Set.of("identity", "justice"), NOW)
                .verdict()).isEqualTo(Verdict.MINIMISED);
        assertThat(lookup.reads).isZero();
        policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, Set.of("identity", "health"), NOW);
        assertThat(lookup.reads).isEqualTo(1);
    }

    @Test
    void aDecisionThatReadsNoConsentIsTakenOnceForEveryoneAndOneThatDoesPerPerson() {
        SharingPolicy policy = new SharingPolicy(List.of(agreement("public-task")),
                subject -> subject.equals("subject-1") ? consents("explicit") : List.of());
        SharingDecision first = policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, Set.of("identity"), NOW);
        assertThat(policy.decide("subject-2", RECIPIENT, TYPE, PURPOSE, Set.of("identity"), NOW))
                .as("no consent read: the same decision, from the cache, for another person").isSameAs(first);
        // A sensitive category reads the person's consents: each person gets their own decision.
        assertThat(policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, Set.of("identity", "health"), NOW).verdict())
                .isEqualTo(Verdict.ALLOWED);
        assertThat(policy.decide("subject-2", RECIPIENT, TYPE, PURPOSE, Set.of("identity", "health"), NOW).verdict())
                .isEqualTo(Verdict.MINIMISED);
        assertThat(policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, Set.of("identity", "health"), NOW).verdict())
                .isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void anotherPersonsConsentIsNeverAsked() {
        SharingPolicy policy = new SharingPolicy(List.of(agreement("public-task")),
                subject -> subject.equals("subject-1") ? consents("explicit") : List.of());
        assertThat(policy.decide("subject-1", RECIPIENT, TYPE, PURPOSE, Set.of("identity", "health"), NOW).verdict())
                .isEqualTo(Verdict.ALLOWED);
        assertThat(policy.decide("subject-2", RECIPIENT, TYPE, PURPOSE, Set.of("identity", "health"), NOW).verdict())
                .isEqualTo(Verdict.MINIMISED);
        // Another event type, another purpose, another recipient: no agreement covers them.
        assertThat(policy.decide("subject-1", RECIPIENT, "fr.spie.appointment", PURPOSE, Set.of("identity"), NOW)
                .verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(policy.decide("subject-1", RECIPIENT, TYPE, "youth-follow-up", Set.of("identity"), NOW)
                .verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(policy.decide("subject-1", "caf", TYPE, PURPOSE, Set.of("identity"), NOW).verdict())
                .isEqualTo(Verdict.REFUSED);
    }

    @Test
    void aMillionPeopleDoNotGrowTheCache() {
        ChangingLookup lookup = new ChangingLookup();
        SharingPolicy policy = new SharingPolicy(List.of(agreement("public-task")), lookup);
        // No consent read: the decision is the same for everyone, one entry serves them all.
        for (int i = 0; i < 50_000; i++) {
            assertThat(policy.decide("subject-" + i, RECIPIENT, TYPE, PURPOSE, Set.of("identity"), NOW).verdict())
                    .isEqualTo(Verdict.ALLOWED);
        }
        assertThat(policy.cachedDecisions()).isEqualTo(1);
        // Consents read: one entry per person, but no more than the bound, whatever the number of people.
        for (int i = 0; i < 50_000; i++) {
            policy.decide("subject-" + i, RECIPIENT, TYPE, PURPOSE, Set.of("identity", "health"), NOW);
        }
        assertThat(policy.cachedDecisions()).isLessThanOrEqualTo(SharingPolicy.MAX_CACHED_DECISIONS + 1);
        assertThat(lookup.reads).isEqualTo(50_000);
    }
}
