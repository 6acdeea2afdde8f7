package fr.spie.hub.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.canonical.CanonicalEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** One accepted event on its way to its recipients, with the audit events of its delivery. */
public final class DeliveryRun {

    private final CanonicalEvent event;
    private final String sender;
    private final List<Delivery> deliveries;
    private final List<AuditEvent> audit = Collections.synchronizedList(new ArrayList<>());
    private Set<String> categoriesPresent;
    private JsonNode eventTree;

    public DeliveryRun(CanonicalEvent event, String sender, List<Delivery> deliveries) {
        this.event = event;
        this.sender = sender;
        this.deliveries = List.copyOf(deliveries);
    }

    public CanonicalEvent event() { return event; }
    public String sender() { return sender; }
    public List<Delivery> deliveries() { return deliveries; }
    public List<AuditEvent> auditEvents() { return audit; }

    /** The data categories present in the event, computed once for all its recipients. */
    public synchronized Set<String> categoriesPresent(Supplier<Set<String>> compute) {
        if (categoriesPresent == null) {
            categoriesPresent = Set.copyOf(compute.get());
        }
        return categoriesPresent;
    }

    /**
     * The accepted event as a JSON tree, made once for every recipient that gets it whole (not minimised): the
     * mappings read their input and never change it, so the recipients can share it.
     */
    public synchronized JsonNode eventTree() {
        if (eventTree == null) {
            eventTree = event.toTree();
        }
        return eventTree;
    }

    public void audit(Step step, Outcome outcome, String recipient, String messageType, String detail) {
        audit.add(new AuditEvent(Instant.now(), event.id(), event.correlationid(), step, outcome, sender, recipient,
                messageType, event.subject(), event.purpose(), null, detail));
    }
}
