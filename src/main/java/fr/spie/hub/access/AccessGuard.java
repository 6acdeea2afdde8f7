package fr.spie.hub.access;

import fr.spie.hub.audit.AuditEvent;
import fr.spie.hub.audit.AuditEvent.Outcome;
import fr.spie.hub.audit.AuditEvent.Step;
import fr.spie.hub.audit.AuditJournal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one place where callers are let in or refused: by API key, or by client certificate on the mTLS port. Every refusal is journaled as ACCESS_DENIED, naming the caller
 * (a partner id or a role, never a key) and what it asked for, then thrown as {@link AccessDenied} (401 or 403).
 */
@Component
public class AccessGuard {

    private static final Logger log = LoggerFactory.getLogger(AccessGuard.class);

    private final ApiKeyAuthenticator authenticator;
    private final AuditJournal journal;
    private final MutualTls mutualTls;

    public AccessGuard(ApiKeyAuthenticator authenticator, AuditJournal journal, MutualTls mutualTls) {
        this.authenticator = authenticator;
        this.journal = journal;
        this.mutualTls = mutualTls;
    }

    /**
     * @param apiKey what the caller presented (never logged nor journaled)
     * @param action what it asked for, e.g. {@code GET /api/v1/dead-letters}: journaled with a refusal
     */
    public Caller authenticate(String apiKey, String action) {
        // On the mTLS port the client certificate is the credential, and the only one.
        Optional<Optional<Caller>> byCertificate = mutualTls.callerOfCurrentRequest();
        if (byCertificate.isPresent()) {
            return byCertificate.get().orElseThrow(() -> deny(null, action,
                    "client certificate mapped to no partner (spie.security.mtls.clients)", true));
        }
        return authenticator.authenticate(apiKey).orElseThrow(() -> deny(null, action,
                apiKey == null || apiKey.isBlank() ? "no credential" : "unknown credential", true));
    }

    /** Lets in a caller of one of the given roles. */
    public Caller requireRole(String apiKey, String action, Caller.Role... roles) {
        return requireRole(apiKey, action, null, roles);
    }

    /**
     * Lets in a caller of one of the given roles.
     *
     * @param refusal what a caller of another role is answered (null: "role ... may not do this")
     */
    public Caller requireRole(String apiKey, String action, String refusal, Caller.Role... roles) {
        Caller caller = authenticate(apiKey, action);
        if (!Arrays.asList(roles).contains(caller.role())) {
            throw deny(caller, action, refusal != null ? refusal
                    : "role " + caller.role().name().toLowerCase() + " may not do this", false);
        }
        return caller;
    }

    /** Refuses a known caller (a partner acting for another, a message type it has not declared...). */
    public AccessDenied forbid(Caller caller, String action, String why) {
        return deny(caller, action, why, false);
    }

    private AccessDenied deny(Caller caller, String action, String why, boolean unauthenticated) {
        String who = caller == null ? "unauthenticated" : caller.role().name().toLowerCase() + ":" + caller.id();
        journal.append(List.of(new AuditEvent(Instant.now(), null, null, Step.ACCESS_DENIED, Outcome.REJECTED,
                caller != null && caller.role() == Caller.Role.PARTNER ? caller.id() : null, null, null, null, null,
                null, who + " " + action + ": " + why)));
        log.warn("Access denied to {} for {}: {}", who, action, why);
        return new AccessDenied(unauthenticated, why);
    }
}
