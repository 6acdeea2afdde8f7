package fr.spie.hub.access;

/** Who is calling, once the API key is checked: a partner (by id), the auditor, an agent or the administrator. */
public record Caller(Role role, String id) {

    /** What the caller may do is decided by its role. */
    public enum Role {
        PARTNER, AUDITOR, ADMIN,
        /** An authorised agent (social worker's tool): records and withdraws consents, nothing else. */
        AGENT
    }

    public boolean isPartner(String partnerId) {
        return role == Role.PARTNER && id.equals(partnerId);
    }
}
