package fr.spie.hub.access;

/**
 * A refused caller: {@code unauthenticated} (401: no valid credential) or forbidden (403: a valid caller asking for
 * what its role or partner may not have). Already journaled as ACCESS_DENIED when thrown.
 */
public class AccessDenied extends RuntimeException {

    private final boolean unauthenticated;

    public AccessDenied(boolean unauthenticated, String reason) {
        super(reason, null, false, false);
        this.unauthenticated = unauthenticated;
    }

    public boolean unauthenticated() {
        return unauthenticated;
    }
}
