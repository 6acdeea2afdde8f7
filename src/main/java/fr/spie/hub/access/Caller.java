package fr.spie.hub.access;

/** Who is calling, once the API key is checked: a partner (by id), the auditor or the administrator. */
public record Caller(Role role, String id) {

    /** What the caller may do is decided by its role. */
    public enum Role { PARTNER, AUDITOR, ADMIN }

    public boolean isPartner(String partnerId) {
        return role == Role.PARTNER && id.equals(partnerId);
    }
}
