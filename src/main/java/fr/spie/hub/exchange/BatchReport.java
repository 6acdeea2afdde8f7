package fr.spie.hub.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.validation.OperationOutcome;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The report of one batch file, in the contract's shape. Per-record outcomes are spooled to a temporary file as they
 * come, so a flux of millions of records is reported without holding them in memory.
 */
public final class BatchReport implements AutoCloseable {

    /** The counts a caller needs once the file is done; the full report is in {@code file}. */
    public record Summary(String file, int records, int accepted, int rejected, boolean unreadable, Path report,
                          int duplicates) {
    }

    private final ObjectMapper json;
    private final String fileName;
    private final Path spool;
    private final BufferedWriter outcomes;
    private final List<OperationOutcome.Issue> warnings = new ArrayList<>();
    private int records;
    private int accepted;
    private int rejected;
    private int duplicates;
    private boolean unreadable;

    public BatchReport(ObjectMapper json, String fileName, Path workDir) {
        this.json = json;
        this.fileName = fileName;
        try {
            Files.createDirectories(workDir);
            this.spool = Files.createTempFile(workDir, "report-", ".jsonl");
            this.outcomes = Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a batch report in " + workDir, e);
        }
    }

    public void record(int record, String exchangeId, MessageInTransit.Status status, OperationOutcome outcome) {
        records++;
        String named;
        if (status == MessageInTransit.Status.ACCEPTED) {
            accepted++;
            named = "accepted";
        } else if (status == MessageInTransit.Status.DUPLICATE) {
            // Accepted before (the same file again, or the rest of a file a crash interrupted): not taken twice.
            duplicates++;
            named = "duplicate";
        } else {
            rejected++;
            named = "rejected";
        }
        try {
            outcomes.write(json.writeValueAsString(new RecordOutcome(record, exchangeId, named,
                    status == MessageInTransit.Status.DUPLICATE ? null : outcome)));
            outcomes.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Issues about the file as a whole (a count that does not match, a document that cannot be read further). */
    public void fileIssues(OperationOutcome outcome) {
        warnings.addAll(outcome.issue());
    }

    /** The document could not be read (any further): its issue is reported with the others of the file. */
    public void unreadable(OperationOutcome outcome) {
        unreadable = true;
        fileIssues(outcome);
    }

    public int accepted() {
        return accepted;
    }

    public int recordsSoFar() {
        return records;
    }

    /** Writes the report atomically to {@code target} and returns its counts. */
    public Summary writeTo(Path target) {
        try {
            outcomes.close();
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            try (JsonGenerator out = json.getFactory().createGenerator(Files.newBufferedWriter(partial,
                    StandardCharsets.UTF_8)); BufferedReader lines = Files.newBufferedReader(spool)) {
                out.useDefaultPrettyPrinter();
                out.writeStartObject();
                out.writeStringField("file", fileName);
                out.writeNumberField("records", records);
                out.writeNumberField("accepted", accepted);
                out.writeNumberField("rejected", rejected);
                out.writeNumberField("duplicates", duplicates);
                out.writeFieldName("warnings");
                json.writeValue(out, warnings);
                out.writeArrayFieldStart("outcomes");
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.writeTree(json.readTree(line));
                }
                out.writeEndArray();
                out.writeEndObject();
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Summary(fileName, records, accepted, rejected, unreadable, target, duplicates);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report " + target, e);
        }
    }

    @Override
    public void close() {
        try {
            outcomes.close();
            Files.deleteIfExists(spool);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of the report's {@code outcomes}. */
    record RecordOutcome(int record, String exchangeId, String status, OperationOutcome outcome) {
    }

}
