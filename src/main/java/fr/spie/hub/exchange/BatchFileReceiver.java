package fr.spie.hub.exchange;

import fr.spie.hub.HubProperties;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.Partner.InboundMessageType;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * A file dropped in {@code data/inbox/{partner}/} (or {@code .../{partner}/{messageType}/}): the partner comes from
 * the folder, the message type from the sub-folder or from the partner's only batch type. The file's report goes to
 * {@code data/reports/{file name}.report.json}; the file moves to {@code data/archive/{partner}/}, or to
 * {@code data/rejected/{partner}/} when not one record could be read.
 */
@Component("batchFileReceiver")
public class BatchFileReceiver {

    private static final Logger log = LoggerFactory.getLogger(BatchFileReceiver.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final PartnerRegistry partners;
    private final BatchReceiver receiver;
    private final HubProperties properties;

    public BatchFileReceiver(PartnerRegistry partners, BatchReceiver receiver, HubProperties properties) {
        this.partners = partners;
        this.receiver = receiver;
        this.properties = properties;
    }

    public void apply(Exchange exchange) {
        // Folders are split on this system's separator only: on Linux a backslash is a character of the file's name
        // ("..\\..\\x.xml" is one name in inbox/caf/), never a way out of the inbox.
        String relative = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class)
                .replace(File.separatorChar, '/');
        String fileName = safeName(relative.substring(relative.lastIndexOf('/') + 1));
        String correlationId = UUID.randomUUID().toString();
        MDC.put(Headers.CORRELATION_ID, correlationId);
        try {
            List<String> folders = List.of(relative.split("/"));
            String shown = String.join("/", folders.stream().map(BatchFileReceiver::safeName).toList());
            Optional<Partner> partner = folders.size() >= 2 ? partners.find(folders.get(0)) : Optional.empty();
            Optional<InboundMessageType> type = partner.flatMap(p -> batchTypeOf(p, folders));
            Path report = properties.dataDir().resolve("reports").resolve(fileName + ".report.json");
            String partnerFolder = partner.map(Partner::id).orElse("unknown");
            if (type.isEmpty()) {
                log.warn("File {} in the inbox matches no partner batch type: set aside in rejected/", shown);
                writeRefusal(fileName, report, "No partner batch message type matches inbox path '" + shown
                        + "': use data/inbox/{partner}/ or data/inbox/{partner}/{messageType}/");
                moveTo(exchange, "rejected", partnerFolder, fileName);
                return;
            }
            BatchReport.Summary summary;
            String absolute = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
            String fileSha256 = absolute == null ? null : BatchReceiver.sha256Of(Path.of(absolute));
            try (InputStream content = exchange.getMessage().getBody(InputStream.class)) {
                summary = fileSha256 == null
                        ? receiver.receive(partner.get(), type.get(), content, fileName, correlationId, report)
                        : receiver.receive(partner.get(), type.get(), content, fileName, correlationId, report,
                                fileSha256, () -> Files.readAllBytes(Path.of(absolute)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + shown, e);
            }
            boolean unreadableAsAWhole = summary.unreadable() && summary.accepted() == 0;
            moveTo(exchange, unreadableAsAWhole ? "rejected" : "archive", partnerFolder, fileName);
        } finally {
            MDC.remove(Headers.CORRELATION_ID);
        }
    }

    /**
     * The dropped file's name as the hub uses it for its report and its archived copy: letters, digits, dot, dash and
     * underscore only (anything else becomes {@code _}), never starting with a dot, so that a name can neither leave
     * the hub's folders (path traversal), hide a file, nor carry a line break into a log line.
     */
    static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+", "_");
        return safe.length() > 200 ? safe.substring(safe.length() - 200) : safe;
    }

    private static Optional<InboundMessageType> batchTypeOf(Partner partner, List<String> folders) {
        if (folders.size() >= 3) {
            return partner.inboundType(folders.get(1)).filter(InboundMessageType::isBatch);
        }
        List<InboundMessageType> batchTypes = partner.inbound().stream().filter(InboundMessageType::isBatch).toList();
        return batchTypes.size() == 1 ? Optional.of(batchTypes.get(0)) : Optional.empty();
    }

    private void moveTo(Exchange exchange, String folder, String partner, String fileName) {
        Path target = properties.dataDir().resolve(folder).resolve(partner)
                .resolve(LocalDateTime.now().format(STAMP) + "-" + fileName).toAbsolutePath();
        exchange.getMessage().setHeader("spieMoveTo", target.toString());
    }

    private void writeRefusal(String fileName, Path report, String why) {
        try (BatchReport refusal = new BatchReport(receiver.json(), fileName, properties.dataDir().resolve("work"))) {
            refusal.fileIssues(OperationOutcome.error(IssueType.NOT_SUPPORTED, null, why));
            refusal.writeTo(report);
        }
    }
}
