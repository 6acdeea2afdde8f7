package fr.spie.hub.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.HubProperties;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.resilience.IntakeRegistry;
import fr.spie.hub.resilience.QuarantineStore;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.Partner.InboundMessageType;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import fr.spie.hub.validation.UnreadableDocumentException;
import fr.spie.hub.validation.CsvRecordFormat;
import fr.spie.hub.validation.RecordFormat;
import fr.spie.hub.validation.XmlRecordFormat;
import fr.spie.hub.validation.RecordStream;
import fr.spie.hub.validation.RecordStream.BatchRecord;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Streams a batch (a CAF flux...) record by record through the receiving pipeline, whatever brought it (a file in the
 * inbox, a REST POST). One record rejected does not stop the others; accepted records are committed in chunks.
 */
@Component
public class BatchReceiver {

    private static final Logger log = LoggerFactory.getLogger(BatchReceiver.class);

    private final ReceivingPipeline pipeline;
    private final AcceptedExchangeStore store;
    private final HubProperties properties;
    private final ObjectMapper json;
    private final QuarantineStore quarantine;
    private final AuditJournal journal;
    private final IntakeRegistry intake;
    private final Map<String, RecordFormat> formats = new ConcurrentHashMap<>();
    /**
     * Threads taking records through the pipeline while the reading thread goes on with the file (null: the reading
     * thread does it all). Mapping and validation are most of a record's time: both cores work on a large flux.
     */
    private final ExecutorService workers;
    /** Commits a batch's chunks one after the other while the next chunk is being read (one thread: in order). */
    private final ExecutorService committer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "spie-batch-committer");
        thread.setDaemon(true);
        return thread;
    });
    /** Records handed to the workers and not yet reported: bounds the memory a fast reader can fill. */
    private final int maxInFlight;

    /** The whole batch again, read when it turns out unreadable, so that it is quarantined and can be replayed. */
    @FunctionalInterface
    public interface WholeDocument {
        byte[] read() throws IOException;
    }

    public BatchReceiver(ReceivingPipeline pipeline, AcceptedExchangeStore store, HubProperties properties,
                         ObjectMapper json, QuarantineStore quarantine, AuditJournal journal, IntakeRegistry intake) {
        this.intake = intake;
        this.pipeline = pipeline;
        this.store = store;
        this.properties = properties;
        this.json = json;
        this.quarantine = quarantine;
        this.journal = journal;
        int threads = properties.batch().workers();
        this.maxInFlight = Math.max(1, threads) * 8;
        this.workers = threads <= 1 ? null : Executors.newFixedThreadPool(threads, new ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
                Thread thread = new Thread(task, "spie-batch-worker-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }
        });
    }

    @PreDestroy
    void stopWorkers() {
        if (workers != null) {
            workers.shutdown();
        }
        committer.shutdown();
    }

    /** XML is streamed per record element; CSV per row. The XML's own declaration wins over the encoding given. */
    private RecordFormat formatOf(InboundMessageType type) {
        Path schema = properties.resolve(type.schema());
        return switch (type.format()) {
            case "xml" -> XmlRecordFormat.compile(schema, type.record(),
                    Charset.forName(type.encoding() == null ? "windows-1252" : type.encoding()));
            case "csv" -> CsvRecordFormat.compile(schema, type.csv().delimiter().charAt(0), type.csv().nullValue(),
                    Charset.forName(type.encoding() == null ? "UTF-8" : type.encoding()), type.csv().padShortRows());
            default -> throw new IllegalArgumentException("No batch reading for format '" + type.format() + "'");
        };
    }

    /** Forgets the compiled batch formats (XSDs, CSV row schemas), after a hot reload of schemas or partner files. */
    public void forgetFormats() {
        formats.clear();
    }

    ObjectMapper json() {
        return json;
    }

    /**
     * Receives a batch whose hash is not known yet: it is spooled to {@code data/work} while hashed (idempotent intake
     * needs the whole file's SHA-256 before its first record), then streamed from there.
     *
     * @param fileName  the batch's name, as the report shows it
     * @param report    where the report is written
     * @throws UncheckedIOException when the content cannot be read to its end (e.g. a body over the size limit)
     */
    public BatchReport.Summary receive(Partner partner, InboundMessageType type, InputStream content, String fileName,
                                       String correlationId, Path report) {
        Path spool = null;
        try {
            Path work = properties.dataDir().resolve("work");
            Files.createDirectories(work);
            spool = Files.createTempFile(work, "batch-", ".spool");
            MessageDigest sha256 = PayloadHash.sha256();
            try (InputStream hashed = new DigestInputStream(content, sha256);
                 OutputStream out = Files.newOutputStream(spool)) {
                hashed.transferTo(out);
            }
            Path spooled = spool;
            try (InputStream again = Files.newInputStream(spool)) {
                return receive(partner, type, again, fileName, correlationId, report,
                        HexFormat.of().formatHex(sha256.digest()), () -> Files.readAllBytes(spooled));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the batch " + fileName, e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException e) {
                    log.warn("Cannot delete the spooled batch {}", spool.getFileName());
                }
            }
        }
    }

    /** SHA-256 of a whole batch file, the key of idempotent intake for its records. */
    public static String sha256Of(Path file) {
        MessageDigest sha256 = PayloadHash.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.getFileName(), e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * @param batchSha256 SHA-256 of the whole content: record {@code n} has the intake key {@code sha256:<hash>#n}, so
     *                    the same file twice is recognised record by record, and so is the rest of a file whose
     *                    processing a crash interrupted
     */
    public BatchReport.Summary receive(Partner partner, InboundMessageType type, InputStream content, String fileName,
                                       String correlationId, Path report, String batchSha256) {
        return receive(partner, type, content, fileName, correlationId, report, batchSha256, null);
    }

    /**
     * @param document the same content again (null: not available), kept in quarantine if it cannot be read as a
     *                 whole, so that it is listed in /api/v1/quarantine and replayed once the cause is fixed
     */
    public BatchReport.Summary receive(Partner partner, InboundMessageType type, InputStream content, String fileName,
                                       String correlationId, Path report, String batchSha256,
                                       WholeDocument document) {
        RecordFormat format = formats.computeIfAbsent(partner.id() + "/" + type.messageType(), key -> formatOf(type));
        long started = System.nanoTime();
        BatchProgress progress = new BatchProgress(fileName, partner.id(), properties.batch().progressSeconds(),
                System::nanoTime);
        AcceptedBatch batch = null;
        Future<?> committing = null;
        // A file never registered (the usual case) has only new records: none is looked up in intake_key.
        boolean newFile = batchSha256 != null && !intake.fileSeen(partner.id(), "sha256:" + batchSha256);
        try (BatchReport outcomes = new BatchReport(json, fileName, properties.dataDir().resolve("work"))) {
            batch = store.openBatch();
            InFlight inFlight = new InFlight(outcomes, progress);
            try (RecordStream records = format.open(progress.watch(content))) {
                long turns = 0;
                while (records.hasNext()) {
                    BatchRecord record = records.next();
                    // Copied here: the reader adds a trailer to the headers while earlier records are still mapped.
                    Map<String, ObjectNode> headers = Map.copyOf(records.headers());
                    AcceptedBatch chunk = batch;
                    if (workers == null) {
                        inFlight.done(receiveOne(partner, type, record, headers, correlationId, chunk, batchSha256,
                                newFile, -1));
                    } else {
                        long turn = turns++;
                        inFlight.add(workers.submit(() -> receiveOne(partner, type, record, headers,
                                correlationId, chunk, batchSha256, newFile, turn)));
                        inFlight.reportFinished(maxInFlight);
                    }
                    if (batch.pending() >= properties.batch().chunkSize()) {
                        // Nothing may be half-stored when the chunk commits: every record taken so far finishes first.
                        inFlight.reportAll();
                        batch.awaitFinished(turns);
                        // The chunk commits on the committer thread while the next one is read and mapped; commits
                        // stay in the file's order (one committer, each waiting for the one before).
                        committing = commitBehind(committing, batch);
                        batch = null; // the committer owns it now: a failure to open the next must not close it
                        batch = store.openBatch();
                        turns = 0;
                    }
                }
                inFlight.reportAll();
                outcomes.fileIssues(records.documentOutcome());
                outcomes.fileIssues(checkAnnouncedCount(type, records.headers(), outcomes));
            } catch (UnreadableDocumentException e) {
                // The records read before the unreadable part stand: they finish and commit like the others.
                inFlight.reportAll();
                outcomes.unreadable(e.outcome());
                outcomes.fileIssues(quarantineDocument(partner, type, fileName, correlationId, e.outcome(), document));
            }
            awaitCommit(committing);
            committing = null;
            batch.commit();
            BatchReport.Summary summary = outcomes.writeTo(report);
            log.info("Batch {} from {}: {} record(s), {} accepted, {} rejected, {} duplicate(s) in {} ms", fileName,
                    partner.id(), summary.records(), summary.accepted(), summary.rejected(), summary.duplicates(),
                    (System.nanoTime() - started) / 1_000_000);
            return summary;
        } catch (JMSException e) {
            throw new IllegalStateException("The broker refused the batch commit", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while receiving " + fileName, e);
        } finally {
            if (committing != null) {
                // a failure on the way: the chunk already handed over still commits (or fails) before we leave
                try {
                    awaitCommit(committing);
                } catch (RuntimeException | InterruptedException | JMSException ignored) {
                    // the first failure is the one thrown
                }
            }
            if (batch != null) {
                batch.close(); // uncommitted records roll back: their intake keys were never registered
            }
        }
    }

    /** Waits for the chunk before (its commit first), then hands this chunk to the committer thread. */
    private Future<?> commitBehind(Future<?> previous, AcceptedBatch chunk) throws InterruptedException, JMSException {
        awaitCommit(previous);
        return committer.submit(() -> {
            try (chunk) {
                chunk.commit();
            }
            return null;
        });
    }

    private static void awaitCommit(Future<?> commit) throws InterruptedException, JMSException {
        if (commit == null) {
            return;
        }
        try {
            commit.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JMSException jms) {
                throw jms;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * The records handed to the workers, oldest first: each one's outcome goes into the report (and the progress line)
     * in the file's order, once it is through the pipeline.
     */
    private static final class InFlight {
        private final BatchReport outcomes;
        private final BatchProgress progress;
        private final java.util.ArrayDeque<Future<MessageInTransit>> queue = new java.util.ArrayDeque<>();

        InFlight(BatchReport outcomes, BatchProgress progress) {
            this.outcomes = outcomes;
            this.progress = progress;
        }

        void add(Future<MessageInTransit> message) {
            queue.add(message);
        }

        /** Reports the finished records at the head; waits for the oldest while more than {@code max} are out. */
        void reportFinished(int max) throws InterruptedException {
            while (!queue.isEmpty() && (queue.size() > max || queue.peek().isDone())) {
                reportOldest();
            }
        }

        void reportAll() throws InterruptedException {
            while (!queue.isEmpty()) {
                reportOldest();
            }
        }

        private void reportOldest() throws InterruptedException {
            try {
                done(queue.poll().get());
            } catch (ExecutionException e) {
                // The pipeline answers every record with a status; an exception here is the hub's own failure.
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }

        void done(MessageInTransit message) {
            outcomes.record(message.record(), message.exchangeId(), message.status(), message.outcome());
            progress.record(message.status());
        }
    }

    /**
     * Keeps a document that could not be read to its end (not well-formed, wrong encoding, a DTD...) in quarantine,
     * as a whole: record 0 of the batch, under the batch's correlation id. A document larger than the REST limit is
     * listed with its reason but not kept (the partner sends it again).
     *
     * @return an information issue for the report, naming the quarantine entry
     */
    private OperationOutcome quarantineDocument(Partner partner, InboundMessageType type, String fileName,
                                                String correlationId, OperationOutcome reason, WholeDocument document) {
        if (document == null) {
            return OperationOutcome.ok();
        }
        byte[] bytes;
        try {
            bytes = document.read();
        } catch (IOException | UncheckedIOException e) {
            log.warn("The unreadable batch {} could not be read again to be quarantined ({})", fileName,
                    e.getClass().getSimpleName());
            return OperationOutcome.ok();
        }
        boolean kept = bytes.length <= properties.limits().maxPayloadBytes();
        AuditEvent quarantined = quarantine.record(correlationId, correlationId, partner.id(), type.messageType(), 0,
                reason, kept ? QuarantinedPayload.ofDocument(bytes, fileName, json) : null);
        journal.append(List.of(quarantined));
        String id = quarantined.detail().substring("quarantine ".length());
        log.warn("Batch {} from {} unreadable: quarantined as {}", fileName, partner.id(), id);
        return OperationOutcome.of(new Issue(OperationOutcome.Severity.INFORMATION, IssueType.INFORMATIONAL, List.of(),
                kept ? "The document is kept in quarantine as " + id + " (/api/v1/quarantine), to be replayed once "
                        + "the cause is fixed" : "The document (" + bytes.length + " bytes) is larger than "
                        + "spie.limits.max-payload-bytes: listed in quarantine as " + id + " but not kept"));
    }

    private MessageInTransit receiveOne(Partner partner, InboundMessageType type, BatchRecord record,
                                        Map<String, ObjectNode> headers, String correlationId, AcceptedBatch batch,
                                        String batchSha256, boolean newFile, long turn) {
        String exchangeId = UUID.randomUUID().toString();
        MDC.put(Headers.CORRELATION_ID, correlationId);
        MDC.put(Headers.EXCHANGE_ID, exchangeId);
        try {
            MessageInTransit message = new MessageInTransit(exchangeId, correlationId, Instant.now(), partner.id(),
                    type.messageType(), record.index(), record.tree(), headers, PayloadHash.of(record.tree()),
                    record.outcome()).inBatch(batch, turn)
                    .withIntakeKey(batchSha256 == null ? null : "sha256:" + batchSha256 + "#" + record.index(),
                            newFile);
            pipeline.receive(message);
            return message;
        } finally {
            if (turn >= 0) {
                batch.finished(turn);
            }
            // Camel's unit of work clears the ids it put in the MDC when the record's route ends: the batch's stays.
            MDC.remove(Headers.EXCHANGE_ID);
            MDC.put(Headers.CORRELATION_ID, correlationId);
        }
    }

    /** A flux that announces another count than it holds is reported, not refused (the CAF specimen does it). */
    static OperationOutcome checkAnnouncedCount(InboundMessageType type, Map<String, ObjectNode> headers,
                                                BatchReport outcomes) {
        return checkAnnouncedCount(type.announcedCount(), headers, outcomes.recordsSoFar());
    }

    static OperationOutcome checkAnnouncedCount(String announcedAt, Map<String, ObjectNode> headers, int read) {
        if (announcedAt == null || announcedAt.isBlank()) {
            return OperationOutcome.ok();
        }
        String[] path = announcedAt.split("\\.");
        JsonNode node = headers.get(path[0]);
        for (int i = 1; node != null && i < path.length; i++) {
            node = node.get(path[i]);
        }
        if (node == null || node.asText().isBlank()) {
            return OperationOutcome.of(Issue.warning(IssueType.REQUIRED, announcedAt,
                    "The file does not announce its record count"));
        }
        long announced;
        try {
            announced = Long.parseLong(node.asText().trim());
        } catch (NumberFormatException e) {
            return OperationOutcome.of(Issue.warning(IssueType.VALUE, announcedAt, "The announced count is not a number"));
        }
        if (announced != read) {
            return OperationOutcome.of(Issue.warning(IssueType.BUSINESS_RULE, announcedAt,
                    "The file announces " + announced + " record(s) but holds " + read));
        }
        return OperationOutcome.ok();
    }
}
