package fr.spie.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.audit.AuditChain.ChainedEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summary an auditor reads at the head of an exchange's journey ({@code /api/v1/audit/exchanges/{id}}, the console,
 * the GDPR access report): what the exchange became, whatever was journaled about it afterwards.
 */
class ExchangeSummaryTest {

    private static final String EXCHANGE = "ex-summary-1";
    private final List<ChainedEvent> journey = new ArrayList<>();

    @Test
    void aDeliveredExchangeSentAgainStaysAcceptedAndDelivered() {
        accepted();
        event(Step.DELIVERED, "departement", "spie.outbound.departement");
        // The same file dropped again: RecognizeDuplicate writes DUPLICATE under the first exchange's id.
        event(Step.DUPLICATE, null, "Already accepted as exchange " + EXCHANGE);

        AuditQueries.ExchangeAbout about = AuditQueries.summarise(EXCHANGE, journey);

        assertThat(about.status()).isEqualTo("accepted");
        assertThat(about.recipients()).singleElement()
                .satisfies(share -> assertThat(share.status()).isEqualTo("delivered"));
    }

    @Test
    void aJourneyThatHoldsOnlyTheDuplicateSaysDuplicate() {
        event(Step.DUPLICATE, null, "Already accepted as exchange " + EXCHANGE);

        assertThat(AuditQueries.summarise(EXCHANGE, journey).status()).isEqualTo("duplicate");
    }

    @Test
    void aRejectionIsStillTheLastWord() {
        event(Step.RECEIVED, null, "record 1");
        event(Step.REJECTED, null, "{}");
        event(Step.QUARANTINED, null, "quarantine q-1");

        assertThat(AuditQueries.summarise(EXCHANGE, journey).status()).isEqualTo("quarantined");
    }

    private void accepted() {
        event(Step.RECEIVED, null, "record 1");
        event(Step.ACCEPTED, null, "fr.spie.rsa-household");
        event(Step.ROUTED, null, "departement");
    }

    private void event(Step step, String recipient, String detail) {
        long seq = journey.size() + 1;
        AuditEvent event = new AuditEvent(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq), EXCHANGE, "corr-1",
                step, Outcome.OK, "caf", recipient, "flux-rsa", "subject-1", "rsa-follow-up", null, detail);
        journey.add(new ChainedEvent(seq, seq, "prev-" + seq, "hash-" + seq, event));
    }
}
