package fr.spie.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.support.HubIntegrationTest;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The auditor's console in a real browser (headless Chromium, Debian's chromium and chromium-driver; .ci/run installs
 * them): log in with the auditor's key, search a person by NIR, open their exchange, read the consent decision, export
 * the CSV, switch to English; and see a person's consent records. Screenshots go to target/console-screenshots/.
 * The persons are fictitious.
 */
class ConsoleBrowserTest extends HubIntegrationTest {

    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    private static Path downloads;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditJournal journal;

    @BeforeAll
    static void startBrowser() throws Exception {
        downloads = Files.createTempDirectory("spie-console-downloads-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1366,900", "--lang=fr-FR");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "intl.accept_languages", "fr-FR"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("chromedriver", "/usr/bin/chromedriver",
                        "/usr/lib/chromium/chromedriver")))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String executable(String name, String... candidates) {
        return Stream.of(candidates).filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElseThrow(() ->
                new IllegalStateException(name + " is not installed (apt-get install -y chromium chromium-driver)"));
    }

    @Test
    void anAuditorFindsAPersonByNirOpensTheExchangeSeesTheConsentDecisionAndExportsCsv() throws Exception {
        String nir = AuditQueryApiTest.freshNir();
        String exchangeId = sendOrientation(nir);
        awaitDecisionOrDelivery(exchangeId);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        browser.get("http://127.0.0.1:" + port + "/console/");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Console de l'auditeur");
        browser.findElement(By.id("api-key")).sendKeys("demo-caf");
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "Clé refusée"));

        browser.findElement(By.id("api-key")).clear();
        browser.findElement(By.id("api-key")).sendKeys("demo-auditor");
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chain-status"), "Journal intègre"));

        browser.findElement(By.id("nir")).sendKeys(nir);
        browser.findElement(By.id("search-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("person-summary"),
                "1 échange(s) concernant cette personne"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#report-table a.exchange-link")));
        assertThat(browser.findElement(By.id("report-table")).getText()).contains(exchangeId)
                .contains("France Travail");
        // The NIR was hashed by the hub and is shown nowhere, not even left in the form.
        assertThat(browser.getPageSource()).doesNotContain(nir.substring(0, 13));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('person').scrollIntoView()");
        screenshot("console-person.png");

        browser.findElement(By.cssSelector("#report-table a.exchange-link")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("exchange")));
        assertThat(browser.findElement(By.id("exchange-id")).getText()).isEqualTo(exchangeId);
        assertThat(browser.findElement(By.id("exchange-summary")).getText()).contains("Département")
                .contains("accepté");
        List<String> steps = browser.findElements(By.cssSelector("#timeline li")).stream()
                .map(li -> li.getAttribute("data-step")).toList();
        assertThat(steps).startsWith("RECEIVED").contains("SUBJECT_RESOLVED", "ACCEPTED", "SHARING_DECIDED");
        WebElement decisions = browser.findElement(By.id("decisions"));
        assertThat(decisions.getText()).contains("France Travail").contains("Décision");
        assertThat(decisions.findElement(By.cssSelector(".decision-decision")).getText()).isIn("Autorisé",
                "Autorisé en partie (données réduites)", "Refusé");
        // Why: the legal basis, or the reason in words when no agreement covers the delivery.
        assertThat(decisions.findElements(By.cssSelector(".decision-legalBasis, .decision-reason"))).isNotEmpty();
        Path exchangeShot = screenshot("console-exchange.png");

        browser.findElement(By.id("export-csv")).click();
        Path csv = awaitDownload();
        String content = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(content).startsWith("\uFEFFexchange_id;").contains(exchangeId + ";").contains(";france-travail;");

        browser.findElement(By.id("lang")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Auditor's console");
        assertThat(browser.findElement(By.id("exchange")).getText()).contains("Sharing decisions");
        browser.findElement(By.id("lang")).click();

        System.out.println("Console screenshot: " + exchangeShot.toAbsolutePath());
    }

    @Test
    void anAuditorSeesThePersonsConsentRecordsBesideTheirExchanges() throws Exception {
        String nir = AuditQueryApiTest.freshNir();
        String evidence = "formulaire-console-" + UUID.randomUUID().toString().substring(0, 8);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> recorded = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/consents"))
                .header("X-API-Key", "demo-agent").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"nir": "%s", "recipient": "departement", "purposes": ["rsa-follow-up"],
                         "categories": ["health"], "consentType": "explicit", "collectionMethod": "paper",
                         "evidenceReference": "%s", "collectedBy": "france-travail"}""".formatted(nir, evidence)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        String consentId = json.readTree(recorded.body()).path("id").asText();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/consents/" + consentId + "/withdraw"))
                .header("X-API-Key", "demo-agent").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        // Logged out whatever ran before in this browser (the console keeps the key for the tab).
        browser.get("http://127.0.0.1:" + port + "/console/");
        wait.until(d -> d.findElement(By.id("api-key")).isDisplayed() || d.findElement(By.id("logout")).isDisplayed());
        if (!browser.findElement(By.id("api-key")).isDisplayed()) {
            browser.findElement(By.id("logout")).click();
        }
        wait.until(ExpectedConditions.elementToBeClickable(By.id("api-key")));
        browser.findElement(By.id("api-key")).sendKeys("demo-auditor");
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chain-status"), "Journal intègre"));
        browser.findElement(By.id("nir")).sendKeys(nir);
        browser.findElement(By.id("search-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("consents-table"), consentId));
        String table = browser.findElement(By.id("consents-table")).getText();
        assertThat(table).contains("Département").contains("rsa-follow-up").contains("santé").contains("explicite")
                .contains("retiré").contains("sur papier par France Travail").contains(evidence);
        assertThat(browser.getPageSource()).doesNotContain(nir.substring(0, 13));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('consents').scrollIntoView()");
        screenshot("console-consents.png");
        browser.findElement(By.id("logout")).click();
    }

    private String sendOrientation(String nir) throws Exception {
        ObjectNode message = json.createObjectNode();
        message.put("idDecision", "ORI-CONSOLE-" + UUID.randomUUID().toString().substring(0, 8));
        message.put("dateDecision", "2024-03-05");
        message.put("orientation", "pro");
        message.put("statut", "validee");
        ObjectNode person = message.putObject("beneficiaire");
        person.put("nir", nir);
        person.put("nom", "CONSOLE");
        person.put("prenom", "DOMINIQUE");
        person.put("dateNaissance", "1991-07-02");
        ObjectNode structure = message.putObject("structure");
        structure.put("siret", "99912345600018");
        structure.put("nom", "France Travail Annonay");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/exchanges/departement/orientation"))
                .header("X-API-Key", "demo-departement").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("exchangeId").asText();
    }

    /**
     * Waits for France Travail's sharing decision. Until the consent capability journals its own (SHARING_DECIDED,
     * its decision as JSON), the test journals one in that shape for this exchange, so that the console's reading
     * of it is tested either way.
     */
    private void awaitDecisionOrDelivery(String exchangeId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            List<AuditEvent> journey = journal.journeyOf(exchangeId);
            if (journey.stream().anyMatch(e -> e.step() == Step.SHARING_DECIDED
                    && "france-travail".equals(e.recipient()))) {
                return;
            }
            if (journey.stream().anyMatch(e -> e.step() == Step.DELIVERED && "france-travail".equals(e.recipient()))) {
                AuditEvent delivered = journey.stream().filter(e -> e.step() == Step.DELIVERED).findFirst().get();
                journal.append(List.of(new AuditEvent(Instant.now(), exchangeId, delivered.correlationId(),
                        Step.SHARING_DECIDED, Outcome.OK, delivered.sender(), "france-travail",
                        delivered.messageType(), delivered.subject(), delivered.purpose(), null, """
                        {"verdict":"ALLOWED","recipient":"france-travail","agreement":"departement-ft-orientation",\
                        "legalBasis":"Code de l'action sociale et des familles, art. L262-42","consents":[],\
                        "shared":["identity","pathway"],"removed":[],"reason":"Covered by the agreement"}""")));
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No decision nor delivery journaled for " + exchangeId);
    }

    private Path awaitDownload() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> files = Files.list(downloads)) {
                var csv = files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst();
                if (csv.isPresent()) {
                    return csv.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The CSV export was not downloaded to " + downloads);
    }

    private static Path screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name);
        Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        return target;
    }
}
