package fr.spie.hub.consent;

import java.util.List;

/** The consents recorded for one person, whatever their state: the policy decides which hold. */
@FunctionalInterface
public interface ConsentLookup {

    List<ConsentRecord> consentsOf(String subject);

    /** Moves on with every change of consent: an answer derived in an older generation is stale. */
    default long generation() {
        return 0;
    }
}
