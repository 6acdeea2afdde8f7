package fr.spie.hub.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.SpecimenCopies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hostile corpus (src/test/resources/hostile/) and bad input sent over REST: each answered with a precise
 * OperationOutcome, nothing expanded or fetched, a refused single message quarantined with its reason, and a valid
 * message sent right after still accepted (nothing else affected).
 */
class HostileInputTest extends HubIntegrationTest {

    private static final Path HOSTILE = Path.of("src/test/resources/hostile");
    private static final Path ORIENTATION = Path.of(
            "mappings/departement/orientation/examples/orientation-pro-nir-15.input.json");

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String key, String contentType, byte[] body, String correlation)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", key).header("Content-Type", contentType).header("X-Correlation-Id", correlation)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> flux(byte[] body) throws Exception {
        return post("/api/v1/exchanges/caf/flux-rsa", "demo-caf", "application/xml", body,
                UUID.randomUUID().toString());
    }

    private static List<String> codes(JsonNode issues) {
        List<String> codes = new ArrayList<>();
        issues.forEach(i -> codes.add(i.path("code").asText()));
        return codes;
    }

    /** A refused orientation: 422, its issues, and its quarantine entry found through the correlation id. */
    private JsonNode refusedOrientation(byte[] body) throws Exception {
        String correlation = UUID.randomUUID().toString();
        HttpResponse<String> response = post("/api/v1/exchanges/departement/orientation", "demo-departement",
                "application/json", body, correlation);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode outcome = json.readTree(response.body());
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        String quarantined = jdbc.queryForObject("SELECT detail FROM audit_event WHERE correlation_id = ? AND step = "
                + "'QUARANTINED'", String.class, correlation);
        String id = quarantined.substring("quarantine ".length());
        String reason = jdbc.queryForObject("SELECT reason FROM quarantine WHERE id = ?", String.class, id);
        // The same issues (where and what kind); the answer's diagnostics may be translated for the caller.
        JsonNode kept = json.readTree(reason);
        assertThat(kept.findValues("expression")).isEqualTo(outcome.findValues("expression"));
        assertThat(codes(kept.path("issue"))).isEqualTo(codes(outcome.path("issue")));
        return outcome;
    }

    private void aValidMessageIsStillAccepted() throws Exception {
        assertThat(post("/api/v1/exchanges/departement/orientation", "demo-departement", "application/json",
                SpecimenCopies.json(ORIENTATION), UUID.randomUUID().toString()).statusCode()).isEqualTo(202);
    }

    private ObjectNode orientation() throws Exception {
        return (ObjectNode) json.readTree(Files.readAllBytes(ORIENTATION));
    }

    @Test
    void anExternalEntityIsNeverFetched() throws Exception {
        HttpResponse<String> response = flux(Files.readAllBytes(HOSTILE.resolve("xxe.xml")));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(codes(json.readTree(response.body()).path("warnings"))).contains("security");
        assertThat(response.body()).doesNotContain("root:");
        aValidMessageIsStillAccepted();
    }

    @Test
    void billionLaughsIsNeverExpanded() throws Exception {
        HttpResponse<String> response = flux(Files.readAllBytes(HOSTILE.resolve("billion-laughs.xml")));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(codes(json.readTree(response.body()).path("warnings"))).contains("security");
        assertThat(response.body()).doesNotContain("lollol");
    }

    @Test
    void anyDtdIsRefused() throws Exception {
        for (String file : List.of("internal-dtd.xml", "external-dtd.xml")) {
            HttpResponse<String> response = flux(Files.readAllBytes(HOSTILE.resolve(file)));
            assertThat(response.statusCode()).as(file).isEqualTo(422);
            assertThat(codes(json.readTree(response.body()).path("warnings"))).as(file).contains("security");
        }
    }

    @Test
    void anOversizedPayloadIs413() throws Exception {
        byte[] large = new byte[MAX_PAYLOAD + 10];
        java.util.Arrays.fill(large, (byte) ' ');
        HttpResponse<String> response = post("/api/v1/exchanges/departement/orientation", "demo-departement",
                "application/json", large, UUID.randomUUID().toString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(codes(json.readTree(response.body()).path("issue"))).containsExactly("too-long");
        aValidMessageIsStillAccepted();
    }

    @Test
    void deepNestingIsRefusedAndQuarantined() throws Exception {
        String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        JsonNode outcome = refusedOrientation(deep.getBytes(StandardCharsets.UTF_8));
        assertThat(outcome.path("issue").get(0).path("diagnostics").asText()).isNotBlank();
        aValidMessageIsStillAccepted();
    }

    @Test
    void aTruncatedMessageIsRefusedAsStructureAndQuarantined() throws Exception {
        byte[] whole = Files.readAllBytes(ORIENTATION);
        JsonNode outcome = refusedOrientation(java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThat(codes(outcome.path("issue"))).contains("structure");
    }

    @Test
    void aTruncatedFluxIsReportedAsStructure() throws Exception {
        byte[] whole = SpecimenCopies.xml(FIXTURES.resolve("RSABEM.xml"));
        HttpResponse<String> response = flux(java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        JsonNode report = json.readTree(response.body());
        assertThat(codes(report.path("warnings"))).contains("structure");
    }

    @Test
    void anInvalidDateIsRefusedAtItsPathAndQuarantined() throws Exception {
        ObjectNode message = orientation();
        message.put("dateDecision", "2024-02-30");
        JsonNode outcome = refusedOrientation(json.writeValueAsBytes(message));
        assertThat(outcome.findValues("expression").toString()).contains("dateDecision");
        assertThat(outcome.toString()).doesNotContain("2024-02-30");
    }

    @Test
    void aNirWithAWrongKeyIsRefusedWithoutQuotingItAndQuarantined() throws Exception {
        ObjectNode message = orientation();
        ((ObjectNode) message.path("beneficiaire")).put("nir", "185030701012372");
        JsonNode outcome = refusedOrientation(json.writeValueAsBytes(message));
        assertThat(outcome.findValues("expression").toString()).contains("nir");
        assertThat(outcome.toString()).doesNotContain("185030701012372");
    }

    @Test
    void anUnknownCodeIsRefusedAtItsPathAndQuarantined() throws Exception {
        ObjectNode message = orientation();
        message.put("orientation", "astrologique");
        JsonNode outcome = refusedOrientation(json.writeValueAsBytes(message));
        assertThat(outcome.findValues("expression").toString()).contains("orientation");
        aValidMessageIsStillAccepted();
    }

    @Test
    void utf8SentAsWindows1252IsReadAsDeclaredAndWindows1252SentAsUtf8IsRefused() throws Exception {
        ObjectNode message = orientation();
        ((ObjectNode) message.path("beneficiaire")).put("prenom", "Éloïse-" + UUID.randomUUID());
        // JSON must be UTF-8 (RFC 8259): the same text in windows-1252 is not valid UTF-8 and must not be guessed.
        byte[] latin = json.writeValueAsString(message).getBytes("windows-1252");
        JsonNode outcome = refusedOrientation(latin);
        assertThat(outcome.toString()).doesNotContain("Éloïse");
    }

    // ---- path traversal ------------------------------------------------------------------------------------------

    /** Names of the files under {@code folder} (not recursive) that contain {@code marker}. */
    private static List<String> namesWith(Path folder, String marker) throws Exception {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(marker)).toList();
        }
    }

    private static List<String> namesUnder(Path folder, String marker) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.walk(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(marker)).toList();
        }
    }

    @Test
    void aDroppedFileNamedToClimbOutOfTheInboxWritesNothingOutsideTheHubsFolders() throws Exception {
        String marker = "escaped-" + UUID.randomUUID();
        Path inbox = Files.createDirectories(DATA.resolve("inbox/caf"));
        // On Linux a backslash is part of a name: this is one file in inbox/caf/. Camel reads backslashes as
        // separators ("caf/flux/../../../../escaped-....xml"): joined as is, that would be a way out of data/.
        String hostileName = "flux\\..\\..\\..\\..\\" + marker + ".xml";
        Path staging = Files.createTempFile(DATA, "staging", ".tmp");
        Files.write(staging, SpecimenCopies.xml(FIXTURES.resolve("RSABEM.xml")));
        Files.move(staging, inbox.resolve(hostileName), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        // A plainly named file dropped after it: once its report is there, the inbox has been polled past both.
        String plain = "plain-" + UUID.randomUUID() + ".xml";
        staging = Files.createTempFile(DATA, "staging", ".tmp");
        Files.write(staging, SpecimenCopies.xml(FIXTURES.resolve("RSABEM.xml")));
        Files.move(staging, inbox.resolve(plain), java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.exists(DATA.resolve("reports/" + plain + ".report.json"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(DATA.resolve("reports/" + plain + ".report.json")).as("the inbox still works").exists();
        Thread.sleep(1_000);
        // The hostile file is not lost: still in the inbox (Camel does not take it) or set aside in the hub's folders.
        assertThat(Files.exists(inbox.resolve(hostileName)) || !namesUnder(DATA.resolve("rejected"), marker).isEmpty()
                || !namesUnder(DATA.resolve("archive"), marker).isEmpty()).isTrue();
        // Nothing of it outside the hub's data folder: neither beside it nor above it.
        assertThat(namesWith(DATA.getParent(), marker)).isEmpty();
        assertThat(namesWith(DATA.getParent().getParent(), marker)).isEmpty();
        assertThat(namesUnder(DATA.resolve("reports"), marker)).allSatisfy(name -> assertThat(name)
                .doesNotContain("\\").doesNotContain("..").doesNotStartWith("."));
    }

    @Test
    void aCorrelationIdShapedAsAPathNamesNoFileAndIsReplaced() throws Exception {
        String marker = "escaped-" + UUID.randomUUID();
        String hostile = "../../../../../tmp/" + marker;
        HttpResponse<String> response = post("/api/v1/exchanges/caf/flux-rsa", "demo-caf", "application/xml",
                SpecimenCopies.xml(FIXTURES.resolve("RSABEM.xml")), hostile);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String used = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(used).isNotEqualTo(hostile).doesNotContain("/").doesNotContain("..");
        assertThat(namesWith(Path.of("/tmp"), marker)).isEmpty();
        assertThat(namesUnder(DATA, marker)).isEmpty();
    }

    // ---- CSV formula injection -----------------------------------------------------------------------------------

    @Test
    void noCellOfTheAccessReportCsvCanRunAsAFormula() {
        // The access report is the one CSV the hub exports (grep text/csv). Every text it holds may come from outside
        // (a partner's message type or purpose, a consent id, a refusal's reason): all of them hostile here.
        List<String> hostile = List.of("=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
                "=cmd|' /C calc'!A0");
        java.util.Iterator<String> values = java.util.stream.Stream.generate(() -> hostile).flatMap(List::stream)
                .iterator();
        fr.spie.hub.audit.AuditQueries.RecipientShare share = new fr.spie.hub.audit.AuditQueries.RecipientShare(
                values.next(), values.next(), values.next(), values.next(), values.next(), List.of(values.next()),
                List.of(values.next()), List.of(values.next()), values.next(), values.next(), null);
        fr.spie.hub.audit.AuditQueries.ExchangeAbout about = new fr.spie.hub.audit.AuditQueries.ExchangeAbout(
                values.next(), null, values.next(), values.next(), values.next(), values.next(), values.next(),
                List.of(), List.of(share));
        // The person's consents are a second table: their evidence reference is free text typed by an agent.
        fr.spie.hub.audit.ConsentsOfPerson.ConsentOnRecord consent = new fr.spie.hub.audit.ConsentsOfPerson
                .ConsentOnRecord(values.next(), values.next(), List.of(values.next()), List.of(values.next()),
                values.next(), values.next(), null, null, null, values.next(), values.next(), values.next(),
                values.next(), null);
        String csv = fr.spie.hub.audit.AuditQueries.csv(new fr.spie.hub.audit.AuditQueries.AccessReport("s",
                java.time.Instant.now(), 1, List.of(), List.of(about), List.of(consent)));
        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines).as("two tables, each a header and a row, an empty line between").hasSize(5);
        for (String line : lines) {
            for (String cell : line.split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)) {
                String content = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertThat(content).as("cell " + cell).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
        }
    }

    // ---- wrong encoding in a CAF flux ------------------------------------------------------------------------------

    /** The CAF specimen (declared windows-1252, ASCII only) with the second household's name accented. */
    private static String fluxWithAnAccentedName() throws Exception {
        String flux = new String(SpecimenCopies.xml(FIXTURES.resolve("RSABEM.xml")), StandardCharsets.ISO_8859_1);
        assertThat(flux).contains("encoding=\"windows-1252\"").contains("<NOM>BULLOCK</NOM>");
        return flux.replace("BULLOCK", "BÉRANGER");
    }

    @Test
    void utf8SentInAFluxDeclaredWindows1252IsRefusedAtItsFieldAndTheOtherHouseholdsAreTaken() throws Exception {
        byte[] utf8 = fluxWithAnAccentedName().getBytes(StandardCharsets.UTF_8);
        String correlation = UUID.randomUUID().toString();
        HttpResponse<String> response = post("/api/v1/exchanges/caf/flux-rsa", "demo-caf", "application/xml", utf8,
                correlation);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode report = json.readTree(response.body());
        assertThat(report.path("accepted").asInt()).as("the first household is not affected").isEqualTo(1);
        assertThat(report.path("rejected").asInt()).isEqualTo(1);
        List<String> places = new ArrayList<>();
        report.path("outcomes").forEach(o -> o.path("outcome").path("issue").forEach(issue -> places.add(issue.path("expression").get(0).asText() + " " + issue.path("code")
                .asText() + " " + issue.path("diagnostics").asText())));
        assertThat(places).anySatisfy(p -> assertThat(p).startsWith("InfosFoyerRSA[2]").contains(".NOM value")
                .contains("UTF-8").contains("windows-1252"));
        assertThat(response.body()).doesNotContain("BÉRANGER").doesNotContain("RANGER");
        // Quarantined with its reason, under the batch's correlation id.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE correlation_id = ? AND step = "
                + "'QUARANTINED'", Integer.class, correlation)).isEqualTo(1);
    }

    @Test
    void windows1252SentInAFluxDeclaredUtf8IsUnreadableQuarantinedWholeListedAndReplayable() throws Exception {
        byte[] latin = fluxWithAnAccentedName().replace("encoding=\"windows-1252\"", "encoding=\"UTF-8\"")
                .getBytes("windows-1252");
        String correlation = UUID.randomUUID().toString();
        HttpResponse<String> response = post("/api/v1/exchanges/caf/flux-rsa", "demo-caf", "application/xml", latin,
                correlation);
        JsonNode report = json.readTree(response.body());
        JsonNode fatal = report.path("warnings").get(0);
        assertThat(fatal.path("severity").asText()).isEqualTo("fatal");
        assertThat(fatal.path("diagnostics").asText()).contains("not in the encoding it declares")
                .contains("line 306");
        assertThat(report.path("accepted").asInt()).as("the household before the bad bytes").isEqualTo(1);

        // The whole document is in the quarantine: listed (record 0: the document), shown with its reason.
        String id = jdbc.queryForObject("SELECT detail FROM audit_event WHERE correlation_id = ? AND step = "
                + "'QUARANTINED'", String.class, correlation).substring("quarantine ".length());
        assertThat(report.path("warnings").toString()).contains(id);
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/quarantine?exchangeId=" + correlation)).header("X-API-Key", "demo-admin").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode entry = json.readTree(listed.body()).get(0);
        assertThat(entry.path("id").asText()).isEqualTo(id);
        assertThat(entry.path("partner").asText()).isEqualTo("caf");
        assertThat(entry.path("payloadKept").asBoolean()).isTrue();
        assertThat(entry.path("reason").toString()).contains("not in the encoding it declares");
        assertThat(listed.body()).doesNotContain("BULLOCK").doesNotContain("TIFOUR");

        // Replayed: read again from its first byte; the first household is a duplicate now, not delivered twice,
        // and the document, still unreadable, goes back to quarantine with a new entry.
        HttpResponse<String> replayed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/quarantine/" + id + "/replay")).header("X-API-Key", "demo-admin")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(422);
        String replayId = jdbc.queryForObject("SELECT replay_exchange_id FROM quarantine WHERE id = ?", String.class,
                id);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE correlation_id = ? AND step = "
                + "'QUARANTINED'", Integer.class, replayId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE correlation_id = ? AND step = "
                + "'DUPLICATE'", Integer.class, replayId)).as("the household taken the first time").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE exchange_id = ? AND step = "
                + "'REPLAYED'", Integer.class, correlation)).isEqualTo(1);
    }
}
