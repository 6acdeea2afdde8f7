package fr.spie.hub.broker;

import fr.spie.hub.partner.ApiKeys;
import fr.spie.hub.partner.PartnerRegistry;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * Who may do what on the broker. Partner {@code P} logs in as user {@code P} with its API key and may only consume
 * {@code spie.outbound.P} and send to {@code spie.inbound.P}; the hub's own in-VM user may do everything.
 */
public final class BrokerSecurity implements ActiveMQSecurityManager5 {

    static final String HUB_USER = "spie-hub";

    private final PartnerRegistry partners;
    private final String hubSecret;

    public BrokerSecurity(PartnerRegistry partners, String hubSecret) {
        this.partners = partners;
        this.hubSecret = hubSecret;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (user == null || password == null) {
            return null;
        }
        boolean valid = HUB_USER.equals(user)
                ? ApiKeys.constantTimeEquals(hubSecret, password)
                : partners.find(user).map(p -> ApiKeys.matches(p, password)).orElse(false);
        if (!valid) {
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        return subject;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        String user = getUserFromSubject(subject);
        if (user == null) {
            return false;
        }
        if (HUB_USER.equals(user)) {
            return true;
        }
        String bareAddress = address == null ? "" : address.split("::", 2)[0];
        return switch (checkType) {
            case CONSUME, BROWSE -> bareAddress.equals(Addresses.outbound(user));
            case SEND -> bareAddress.equals(Addresses.inbound(user));
            default -> false;
        };
    }

    @Override
    public String getUserFromSubject(Subject subject) {
        if (subject == null) {
            return null;
        }
        return subject.getPrincipals(UserPrincipal.class).stream().map(UserPrincipal::getName).findFirst().orElse(null);
    }

    @Override
    public boolean validateUser(String user, String password) {
        return authenticate(user, password, null, null) != null;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false; // Artemis calls authorize() on an ActiveMQSecurityManager5; this older path stays closed.
    }
}
