package fr.spie.hub.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.delivery.SharingRecheck;
import fr.spie.hub.exchange.Headers;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Consumer of {@code spie.dispatch.{partner}}: sends one copy on the partner's channel for its event type, retrying
 * with exponential backoff and jitter ({@code spie.channels}); each failed attempt is journaled ({@code RETRIED}), the
 * last one sends the copy to the dead letters with its reason ({@code DEAD_LETTERED}). A success is {@code DELIVERED}.
 * Before each attempt the sharing decision is taken again ({@link SharingRecheck}): a consent withdrawn or expired
 * while the copy waited stops it (not sent, not dead-lettered) or narrows it, as it would have at delivery time.
 * One consumer per partner: its messages keep their order, and only its own queue waits while it is down.
 */
@Component("dispatchToPartner")
public class DispatchToPartner {

    private static final Logger log = LoggerFactory.getLogger(DispatchToPartner.class);

    private final PartnerRegistry partners;
    private final Map<String, Channel> channels;
    private final ChannelSettings settings;
    private final ChannelDeadLetter deadLetter;
    private final AuditJournal journal;
    private final SharingRecheck sharing;
    private final ObjectMapper json;

    public DispatchToPartner(PartnerRegistry partners, List<Channel> channels, ChannelSettings settings,
                             ChannelDeadLetter deadLetter, AuditJournal journal, SharingRecheck sharing,
                             ObjectMapper json) {
        this.partners = partners;
        this.channels = channels.stream().collect(Collectors.toMap(Channel::name, Function.identity()));
        this.settings = settings;
        this.deadLetter = deadLetter;
        this.journal = journal;
        this.sharing = sharing;
        this.json = json;
    }

    public void apply(Message in) throws JsonProcessingException, InterruptedException {
        // Every log line of this copy names its exchange and correlation ids, like the rest of the pipeline's.
        try (MDC.MDCCloseable exchange = MDC.putCloseable(Headers.EXCHANGE_ID, in.getHeader(Headers.EXCHANGE_ID,
                String.class));
             MDC.MDCCloseable correlation = MDC.putCloseable(Headers.CORRELATION_ID,
                     in.getHeader(Headers.CORRELATION_ID, String.class))) {
            dispatch(in);
        }
    }

    private void dispatch(Message in) throws JsonProcessingException, InterruptedException {
        OutboundMessage message = new OutboundMessage(in.getHeader(Headers.RECIPIENT, String.class),
                in.getHeader(Headers.EXCHANGE_ID, String.class), in.getHeader(Headers.MESSAGE_TYPE, String.class),
                in.getHeader(Headers.EVENT_TYPE, String.class), in.getHeader(Headers.PURPOSE, String.class),
                in.getHeader(Headers.CORRELATION_ID, String.class), in.getBody(String.class));
        String subject = in.getHeader(Dispatch.SUBJECT, String.class);
        String sender = in.getHeader(Dispatch.SENDER, String.class);
        String recipientId = message.recipient();
        Partner recipient = partners.find(recipientId).orElseThrow(
                () -> new IllegalStateException("no partner file for recipient " + recipientId));
        Optional<Partner.Subscription> subscription = recipient.subscriptionTo(message.eventType());
        Partner.Delivery channel = subscription.map(recipient::channelOf).orElse(recipient.delivery());
        Channel sending = channels.get(channel.channel());
        // Absent only from a copy queued by a hub older than the decision before each attempt: sent as decided then.
        String seenJson = in.getHeader(Dispatch.RECIPIENT_EVENT, String.class);
        CanonicalEvent seen = seenJson == null ? null : json.readValue(seenJson, CanonicalEvent.class);
        String lastFailure;
        int attempt = 0;
        while (true) {
            attempt++;
            if (seen != null && subscription.isPresent()) {
                SharingRecheck.Outcome again = sharing.recheck(seen, sender, recipient, subscription.get(),
                        message.body(), "decided again before attempt " + attempt + " on " + channel.channel());
                if (!again.audit().isEmpty()) {
                    journal.append(again.audit());
                }
                if (again.isWithheld()) {
                    // Not a fault: the sharing rules keep it from the recipient now; the audit says why.
                    log.info("Delivery to {} on {} withheld before attempt {} by the sharing rules",
                            message.recipient(), channel.channel(), attempt);
                    return;
                }
                if (again.isFault()) {
                    // The dead letter keeps the event as the recipient may see it now, not the older, wider copy.
                    deadLetter.store(message, json.writeValueAsString(again.event()), channel.channel(),
                            again.fault());
                    audit(message, subject, sender, Step.DEAD_LETTERED, Outcome.FAILED,
                            "translated again after the sharing decision narrowed it, the copy is refused");
                    return;
                }
                message = message.withBody(again.body());
            }
            try {
                if (sending == null) {
                    throw new ChannelFailure("no channel named '" + channel.channel() + "'");
                }
                sending.send(message, channel);
                audit(message, subject, sender, Step.DELIVERED, Outcome.OK,
                        channel.channel() + (attempt > 1 ? " after " + attempt + " attempts" : ""));
                return;
            } catch (ChannelFailure failure) {
                lastFailure = failure.getMessage();
            }
            if (sending == null || attempt >= settings.maxAttempts()) {
                break;
            }
            Duration wait = settings.backoffAfter(attempt, ThreadLocalRandom.current().nextDouble());
            audit(message, subject, sender, Step.RETRIED, Outcome.WARNING,
                    "attempt " + attempt + " on " + channel.channel() + " failed (" + lastFailure + "), next in "
                            + wait.toMillis() + " ms");
            log.warn("Delivery to {} on {} failed (attempt {} of {}): {}", message.recipient(), channel.channel(),
                    attempt, settings.maxAttempts(), lastFailure);
            Thread.sleep(wait.toMillis());
        }
        String reason = channel.channel() + ": gave up after " + attempt + " attempt(s); last: " + lastFailure;
        // The dead letter keeps the event (as this recipient may see it), not its format: a replay translates again.
        deadLetter.store(message, seenJson, channel.channel(),
                OperationOutcome.error(IssueType.TRANSIENT, "delivery." + channel.channel(), reason));
        audit(message, subject, sender, Step.DEAD_LETTERED, Outcome.FAILED, reason);
        log.warn("Delivery to {} dead-lettered: {}", message.recipient(), reason);
    }

    private void audit(OutboundMessage message, String subject, String sender, Step step, Outcome outcome,
                       String detail) {
        journal.append(List.of(new AuditEvent(Instant.now(), message.exchangeId(), message.correlationId(), step,
                outcome, sender, message.recipient(), message.messageType(), subject, message.purpose(), null,
                detail)));
    }
}
