package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.SpecimenCopies;
import fr.spie.hub.support.PartnerClient;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The first real flow, as a new user tries it: a CAF flux dropped in the inbox reaches the Département's queue. */
@ExtendWith(OutputCaptureExtension.class)
class CafFluxEndToEndTest extends HubIntegrationTest {

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditJournal journal;

    @Test
    void aFluxDroppedInTheInboxIsDeliveredToEachSubscriberAndReported(CapturedOutput output) throws Exception {
        Path inbox = Files.createDirectories(DATA.resolve("inbox/caf"));
        Path staging = Files.createTempFile(DATA, "staging", ".tmp");
        // A copy: the specimen itself may have been accepted already by another test, and would be a duplicate.
        Files.write(staging, SpecimenCopies.xml(FIXTURES.resolve("RSABEM.xml")));
        Files.move(staging, inbox.resolve("RSABEM.xml"), StandardCopyOption.ATOMIC_MOVE);

        Path reportFile = DATA.resolve("reports/RSABEM.xml.report.json");
        JsonNode report = awaitReport(reportFile);
        assertThat(report.path("file").asText()).isEqualTo("RSABEM.xml");
        assertThat(report.path("records").asInt()).isEqualTo(2);
        assertThat(report.path("accepted").asInt()).isEqualTo(2);
        assertThat(report.path("rejected").asInt()).isZero();
        // The specimen announces 1 household and holds 2: a warning, not a rejection.
        assertThat(report.path("warnings").toString()).contains("TransmissionFlux.NBTOTDOSRSATRANSM")
                .contains("announces 1");
        List<String> exchangeIds = new ArrayList<>();
        for (JsonNode outcome : report.path("outcomes")) {
            assertThat(outcome.path("status").asText()).isEqualTo("accepted");
            // The specimen's households belong to département 052; this hub serves 007.
            assertThat(outcome.path("outcome").toString()).contains("business-rule").contains("052");
            exchangeIds.add(outcome.path("exchangeId").asText());
        }

        String correlationId;
        try (PartnerClient departement = PartnerClient.demo(BROKER_PORT, "departement");
             PartnerClient franceTravail = PartnerClient.demo(BROKER_PORT, "france-travail")) {
            List<Message> toDepartement = departement.receive("spie.outbound.departement", exchangeIds, 30_000);
            assertThat(toDepartement).hasSize(2);
            correlationId = toDepartement.get(0).getStringProperty("spie-correlation-id");
            for (Message message : toDepartement) {
                assertThat(message.getStringProperty("spie-message-type")).isEqualTo("foyer-rsa");
                assertThat(message.getStringProperty("spie-purpose")).isEqualTo("rsa-follow-up");
                assertThat(message.getStringProperty("spie-correlation-id")).isNotBlank();
                JsonNode foyer = json.readTree(((TextMessage) message).getText());
                assertThat(foyer.path("idEchange").asText()).isEqualTo(message.getStringProperty("spie-exchange-id"));
                // Sizes only: an assertion message must never print a household.
                assertThat(foyer.path("beneficiaires").size()).isPositive();
                assertThat(foyer.path("beneficiaires").get(0).path("pseudonyme").asText().length()).isEqualTo(32);
            }
            List<Message> toFranceTravail = franceTravail.receive("spie.outbound.france-travail", exchangeIds,
                    30_000);
            assertThat(toFranceTravail).hasSize(2);
            for (Message message : toFranceTravail) {
                assertThat(message.getStringProperty("spie-message-type")).isEqualTo("beneficiaire-rsa");
                String body = ((TextMessage) message).getText();
                // France Travail gets a subset: no address, no resources.
                assertThat(body.contains("HENRI BARBUSSE") || body.contains("ressources")).as("address or resources")
                        .isFalse();
            }
        }

        List<AuditEvent.Step> journey = journal.journeyOf(exchangeIds.get(0)).stream().map(AuditEvent::step).toList();
        assertThat(journey).containsSubsequence(AuditEvent.Step.RECEIVED, AuditEvent.Step.VALIDATED,
                AuditEvent.Step.TRANSLATED, AuditEvent.Step.CANONICAL_VALIDATED, AuditEvent.Step.SUBJECT_RESOLVED,
                AuditEvent.Step.ACCEPTED, AuditEvent.Step.ROUTED);
        assertThat(journey.stream().filter(s -> s == AuditEvent.Step.DELIVERED)).hasSize(2);
        // Every delivering step journals its event, per recipient, in the pipeline's order (issue 2: "each step
        // writes an audit event").
        for (String recipient : List.of("departement", "france-travail")) {
            assertThat(journal.journeyOf(exchangeIds.get(0)).stream().filter(e -> recipient.equals(e.recipient()))
                    .map(AuditEvent::step).toList()).as("journey of the copy to " + recipient)
                    .containsExactly(AuditEvent.Step.SHARING_DECIDED, AuditEvent.Step.RECIPIENT_TRANSLATED,
                            AuditEvent.Step.RECIPIENT_VALIDATED, AuditEvent.Step.DELIVERED);
        }

        // The file moves to the archive after its report is written, and its households may be delivered before
        // that: wait for the move rather than race it.
        long archivedBy = System.currentTimeMillis() + 20_000;
        while (!archived("RSABEM.xml") && System.currentTimeMillis() < archivedBy) {
            Thread.sleep(100);
        }
        assertThat(archived("RSABEM.xml")).as("RSABEM.xml archived").isTrue();
        assertThat(inbox.resolve("RSABEM.xml")).doesNotExist();

        // No NIR and no name of the file in any log line.
        String logs = output.getAll();
        // The file's correlation id follows it into the log lines of its records.
        assertThat(logs).contains("corr=" + correlationId);
        for (String personal : personalDataOf(FIXTURES.resolve("RSABEM.xml"))) {
            // As a whole word: a three-letter first name may well be part of a longer word.
            assertThat(Pattern.compile("\\b" + Pattern.quote(personal) + "\\b").matcher(logs).find())
                    .as("a NIR or a name of the flux appears in the logs").isFalse();
        }
    }

    @Test
    void aFileThatCannotBeReadAtAllIsSetAsideInRejectedWithItsReport() throws Exception {
        Path inbox = Files.createDirectories(DATA.resolve("inbox/caf"));
        Path staging = Files.createTempFile(DATA, "staging", ".tmp");
        Files.writeString(staging, "<?xml version=\"1.0\"?><!DOCTYPE Racine [<!ENTITY x \"y\">]><Racine>&x;</Racine>");
        Files.move(staging, inbox.resolve("hostile.xml"), StandardCopyOption.ATOMIC_MOVE);

        JsonNode report = awaitReport(DATA.resolve("reports/hostile.xml.report.json"));
        assertThat(report.path("records").asInt()).isZero();
        assertThat(report.path("warnings").get(0).path("severity").asText()).isEqualTo("fatal");
        assertThat(report.path("warnings").get(0).path("code").asText()).isEqualTo("security");
        long deadline = System.currentTimeMillis() + 10_000;
        while (Files.exists(inbox.resolve("hostile.xml")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        try (Stream<Path> rejected = Files.walk(DATA.resolve("rejected/caf"))) {
            assertThat(rejected.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("-hostile.xml"));
        }
    }

    @Test
    void aFileWhoseEveryHouseholdIsInvalidIsArchivedWithEachRejection() throws Exception {
        Path inbox = Files.createDirectories(DATA.resolve("inbox/caf"));
        Path staging = Files.createTempFile(DATA, "staging", ".tmp");
        Files.copy(FIXTURES.resolve("RSABEI_invalid.xml"), staging, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, inbox.resolve("RSABEI_invalid.xml"), StandardCopyOption.ATOMIC_MOVE);

        JsonNode report = awaitReport(DATA.resolve("reports/RSABEI_invalid.xml.report.json"));
        assertThat(report.path("records").asInt()).isEqualTo(1);
        assertThat(report.path("rejected").asInt()).isEqualTo(1);
        assertThat(report.at("/outcomes/0/outcome/issue/0/expression/0").asText()).isEqualTo("InfosFoyerRSA[1]");
        long deadline = System.currentTimeMillis() + 10_000;
        while (Files.exists(inbox.resolve("RSABEI_invalid.xml")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        try (Stream<Path> archived = Files.walk(DATA.resolve("archive/caf"))) {
            assertThat(archived.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith("-RSABEI_invalid.xml"));
        }
    }

    private static boolean archived(String fileName) throws Exception {
        Path folder = DATA.resolve("archive/caf");
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> archived = Files.walk(folder)) {
            return archived.map(p -> p.getFileName().toString()).anyMatch(n -> n.endsWith("-" + fileName));
        }
    }

    private JsonNode awaitReport(Path reportFile) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.exists(reportFile) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(reportFile).exists();
        return json.readTree(reportFile.toFile());
    }

    /** Every NIR, name and first name of a CAF specimen. */
    static List<String> personalDataOf(Path flux) throws Exception {
        String xml = Files.readString(flux, Charset.forName("windows-1252"));
        Matcher m = Pattern.compile("<(NIR|NOM|NOMNAI|PRENOM)>([^<]+)</").matcher(xml);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            values.add(m.group(2).trim());
        }
        assertThat(values).isNotEmpty();
        return values;
    }
}
