package fr.spie.hub.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.audit.AuditChain.ChainedEvent;
import fr.spie.hub.audit.AuditChain.Checkpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal as a file an auditor takes away: JSON lines, a header, the signed checkpoints, then every event with its
 * place in the chain and its hashes. With the hub's public key alone, {@link #verify} (or {@code java -jar
 * spie-hub.jar audit verify --file ... --public-key ...}) proves that nothing in it was changed, removed or added, and
 * that its last event is covered by a signature. It holds what the journal holds: pseudonyms and hashes, no payload.
 */
public final class AuditExport {

    public static final String FORMAT = "spie-hub-audit-export/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditExport() {
    }

    /** Writes the checkpoints and every event up to the head; returns how many events were written. */
    public static long write(AuditRecords records, Writer out) throws IOException {
        AuditRecords.Snapshot snapshot = records.snapshot();
        List<Checkpoint> checkpoints = records.checkpointsUpTo(snapshot.maxCheckpointSeq());
        ObjectNode header = JSON.createObjectNode().put("type", "header").put("format", FORMAT)
                .put("exportedAt", Instant.now().toString());
        line(out, header);
        for (Checkpoint cp : checkpoints) {
            line(out, JSON.createObjectNode().put("type", "checkpoint").put("seq", cp.seq())
                    .put("eventHash", cp.eventHash()).put("signedAt", cp.signedAt().toString())
                    .put("publicKey", cp.publicKey()).put("signature", cp.signature()));
        }
        long[] count = {0};
        try {
            records.forEachUpTo(snapshot.maxRowId(), row -> {
                try {
                    line(out, toJson(row));
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        return count[0];
    }

    public static ObjectNode toJson(ChainedEvent row) {
        AuditEvent e = row.event();
        ObjectNode node = JSON.createObjectNode().put("type", "event").put("seq", row.seq())
                .put("previousHash", row.previousHash()).put("hash", row.hash())
                .put("recordedAt", e.recordedAt().toString()).put("exchangeId", e.exchangeId())
                .put("correlationId", e.correlationId()).put("step", e.step().name())
                .put("outcome", e.outcome().name()).put("sender", e.sender()).put("recipient", e.recipient())
                .put("messageType", e.messageType()).put("subject", e.subject()).put("purpose", e.purpose())
                .put("payloadSha256", e.payloadSha256()).put("detail", e.detail());
        ArrayNode persons = node.putArray("persons");
        e.persons().forEach(persons::add);
        ArrayNode categories = node.putArray("dataCategories");
        e.dataCategories().forEach(categories::add);
        return node;
    }

    /** Reads an export line by line and verifies it against the given public key. */
    public static ChainVerifier.Verification verify(BufferedReader in, PublicKey publicKey) throws IOException {
        if (publicKey == null) {
            throw new IllegalArgumentException("An export is verified with the hub's published public key");
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        ChainVerifier verifier = null;
        String line;
        long lineNumber = 0;
        boolean header = false;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            switch (node.path("type").asText()) {
                case "header" -> {
                    if (!FORMAT.equals(node.path("format").asText())) {
                        throw new IllegalArgumentException("Not a " + FORMAT + " file");
                    }
                    header = true;
                }
                case "checkpoint" -> {
                    if (verifier != null) {
                        throw new IllegalArgumentException("Line " + lineNumber + ": checkpoints come before events");
                    }
                    checkpoints.add(new Checkpoint(node.path("seq").asLong(), text(node, "eventHash"),
                            Instant.parse(node.path("signedAt").asText()), text(node, "publicKey"),
                            text(node, "signature")));
                }
                case "event" -> {
                    if (verifier == null) {
                        verifier = new ChainVerifier(checkpoints, publicKey, true);
                    }
                    verifier.accept(fromJson(node, lineNumber));
                }
                default -> throw new IllegalArgumentException("Line " + lineNumber + ": unknown line type");
            }
        }
        if (!header) {
            throw new IllegalArgumentException("Not a " + FORMAT + " file: no header");
        }
        return (verifier == null ? new ChainVerifier(checkpoints, publicKey, true) : verifier).finish();
    }

    static ChainedEvent fromJson(JsonNode node, long lineNumber) {
        List<String> persons = new ArrayList<>();
        node.path("persons").forEach(p -> persons.add(p.asText()));
        List<String> categories = new ArrayList<>();
        node.path("dataCategories").forEach(c -> categories.add(c.asText()));
        AuditEvent event = new AuditEvent(Instant.parse(node.path("recordedAt").asText()), text(node, "exchangeId"),
                text(node, "correlationId"), AuditEvent.Step.valueOf(node.path("step").asText()),
                AuditEvent.Outcome.valueOf(node.path("outcome").asText()), text(node, "sender"),
                text(node, "recipient"), text(node, "messageType"), text(node, "subject"), text(node, "purpose"),
                text(node, "payloadSha256"), text(node, "detail"), persons, categories);
        return new ChainedEvent(lineNumber, node.path("seq").asLong(), text(node, "previousHash"), text(node, "hash"),
                event);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void line(Writer out, JsonNode node) throws IOException {
        out.write(JSON.writeValueAsString(node));
        out.write('\n');
    }
}
