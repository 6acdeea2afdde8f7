package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.SpecimenCopies;
import fr.spie.hub.support.PartnerClient;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The queue channel: a partner sends on spie.inbound.{partner} and gets its answer on spie.outbound.{partner}. */
class QueueChannelTest extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    @Test
    void aFluxSentOnTheCafQueueIsDeliveredAndAnsweredWithItsReport() throws Exception {
        String correlation = UUID.randomUUID().toString();
        // A copy: the specimen itself may have been accepted already by another test, and would be a duplicate.
        String flux = new String(SpecimenCopies.xml(FIXTURES.resolve("RSABEM.xml")), Charset.forName("windows-1252"));
        try (PartnerClient caf = PartnerClient.demo(BROKER_PORT, "caf");
             PartnerClient departement = PartnerClient.demo(BROKER_PORT, "departement")) {
            caf.send("spie.inbound.caf", flux, Map.of("spie-message-type", "flux-rsa",
                    "spie-correlation-id", correlation));

            List<Message> answers = caf.receive("spie.outbound.caf",
                    m -> correlation.equals(m.getStringProperty("spie-correlation-id")), 1, 30_000);
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).getStringProperty("spie-message-type")).isEqualTo("receipt");
            JsonNode report = json.readTree(((TextMessage) answers.get(0)).getText());
            assertThat(report.path("accepted").asInt()).isEqualTo(2);

            List<String> exchangeIds = new ArrayList<>();
            report.path("outcomes").forEach(o -> exchangeIds.add(o.path("exchangeId").asText()));
            assertThat(departement.receive("spie.outbound.departement", exchangeIds, 30_000)).hasSize(2);
        }
    }

    @Test
    void aMessageWithoutADeclaredTypeIsAnsweredWithAnOutcome() throws Exception {
        String correlation = UUID.randomUUID().toString();
        try (PartnerClient caf = PartnerClient.demo(BROKER_PORT, "caf")) {
            caf.send("spie.inbound.caf", "{}", Map.of("spie-message-type", "orientation",
                    "spie-correlation-id", correlation));
            List<Message> answers = caf.receive("spie.outbound.caf",
                    m -> correlation.equals(m.getStringProperty("spie-correlation-id")), 1, 30_000);
            assertThat(answers).hasSize(1);
            assertThat(answers.get(0).getStringProperty("spie-message-type")).isEqualTo("operation-outcome");
            JsonNode outcome = json.readTree(((TextMessage) answers.get(0)).getText());
            assertThat(outcome.at("/issue/0/code").asText()).isEqualTo("forbidden");
            assertThat(outcome.at("/issue/0/expression/0").asText()).isEqualTo("spie-message-type");
        }
    }
}
