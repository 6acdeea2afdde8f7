package fr.spie.hub.exchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.Partner.InboundMessageType;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.resilience.KeptPayloads;
import fr.spie.hub.resilience.QuarantineStore;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.HubProperties;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Runs a quarantined record through the receiving pipeline again (after a mapping, a schema or a code table was
 * fixed), as a new exchange linked to the original one both ways by REPLAYED events. A record is replayed once; a
 * replay that is refused again goes back to quarantine with its new reason.
 *
 * <p>A record of a batch that its partner's schema refused (checked while the file was read) is not replayable: only
 * the partner can send it corrected. A message sent alone is kept as its bytes and checked again from the start.
 */
@Component
public class QuarantineReplay {

    /** How a replay ended. */
    public enum Result { NOT_FOUND, ALREADY_REPLAYED, PURGED, NOT_REPLAYABLE, ACCEPTED, REJECTED_AGAIN }

    /** The result, the replay's exchange id and, when refused again, why. */
    public record Replay(Result result, String exchangeId, OperationOutcome outcome) {
    }

    private final QuarantineStore store;
    private final PartnerRegistry partners;
    private final SingleMessageReceiver singles;
    private final BatchReceiver batches;
    private final ReceivingPipeline pipeline;
    private final AuditJournal journal;
    private final ObjectMapper json;
    private final HubProperties properties;

    public QuarantineReplay(QuarantineStore store, PartnerRegistry partners, SingleMessageReceiver singles,
                            BatchReceiver batches, ReceivingPipeline pipeline, AuditJournal journal, ObjectMapper json,
                            HubProperties properties) {
        this.store = store;
        this.partners = partners;
        this.singles = singles;
        this.batches = batches;
        this.pipeline = pipeline;
        this.journal = journal;
        this.json = json;
        this.properties = properties;
    }

    public Replay replay(String id, String requestedBy) throws IOException {
        KeptPayloads.Entry entry = store.find(id).orElse(null);
        if (entry == null) {
            return new Replay(Result.NOT_FOUND, null, null);
        }
        if (entry.replayedAt() != null) {
            return new Replay(Result.ALREADY_REPLAYED, entry.replayExchangeId(), null);
        }
        byte[] kept = store.payload(id).orElse(null);
        if (kept == null) {
            return new Replay(Result.PURGED, null, null);
        }
        QuarantinedPayload payload = QuarantinedPayload.read(kept, json);
        if (!payload.readWithoutErrors()) {
            return new Replay(Result.NOT_REPLAYABLE, null, OperationOutcome.error(OperationOutcome.IssueType.PROCESSING,
                    null, "The partner's schema refused this record as it was read: the partner must send it again"));
        }
        Optional<Partner> sender = partners.find(entry.partner());
        Optional<InboundMessageType> type = sender.flatMap(p -> p.inboundType(entry.messageType()));
        if (type.isEmpty()) {
            return new Replay(Result.NOT_REPLAYABLE, null, OperationOutcome.error(OperationOutcome.IssueType.NOT_FOUND,
                    null, "Partner '" + entry.partner() + "' no longer declares '" + entry.messageType() + "'"));
        }
        String replayId = UUID.randomUUID().toString();
        if (!store.markReplayed(id, replayId)) {
            return new Replay(Result.ALREADY_REPLAYED, null, null);
        }
        journal.append(List.of(
                new AuditEvent(Instant.now(), entry.exchangeId(), null, Step.REPLAYED, Outcome.OK, entry.partner(), null,
                        entry.messageType(), null, null, null, "quarantine " + id + " replayed as exchange " + replayId
                        + " by " + requestedBy),
                new AuditEvent(Instant.now(), replayId, null, Step.REPLAYED, Outcome.OK, entry.partner(), null,
                        entry.messageType(), null, null, null, "replay of exchange " + entry.exchangeId()
                        + " (quarantine " + id + ")")));
        if (payload.document() != null) {
            return replayDocument(payload, sender.get(), type.get(), replayId);
        }
        MessageInTransit message;
        if (payload.raw() != null) {
            message = singles.receive(sender.get(), type.get(), payload.raw(), replayId, replayId, null);
        } else {
            message = pipeline.receive(new MessageInTransit(replayId, replayId, Instant.now(), entry.partner(),
                    entry.messageType(), entry.record() == null ? 0 : entry.record(), payload.tree(), payload.headers(),
                    PayloadHash.of(payload.tree()), OperationOutcome.ok()));
        }
        return switch (message.status()) {
            case ACCEPTED -> new Replay(Result.ACCEPTED, replayId, message.outcome());
            case DUPLICATE -> new Replay(Result.ACCEPTED, message.exchangeId(), message.outcome());
            default -> new Replay(Result.REJECTED_AGAIN, replayId, message.outcome());
        };
    }

    /**
     * A whole batch read again from its first byte, as a new batch whose correlation id is the replay's id. Its
     * records keep their intake keys (the file's SHA-256 and their place), so records accepted before the document
     * broke are recognised as duplicates, not delivered twice.
     */
    private Replay replayDocument(QuarantinedPayload payload, Partner sender, InboundMessageType type,
                                  String replayId) {
        Path report = properties.dataDir().resolve("reports")
                .resolve(sender.id() + "-" + type.messageType() + "-" + replayId + ".report.json");
        BatchReport.Summary summary = batches.receive(sender, type, new ByteArrayInputStream(payload.document()),
                payload.fileName(), replayId, report, PayloadHash.of(payload.document()), payload::document);
        if (summary.unreadable()) {
            OperationOutcome why = OperationOutcome.of(Issue.error(IssueType.STRUCTURE, null,
                    "The document still cannot be read: see its report " + report.getFileName()
                            + "; it is quarantined again"));
            return new Replay(Result.REJECTED_AGAIN, replayId, why);
        }
        return new Replay(Result.ACCEPTED, replayId, null);
    }
}
