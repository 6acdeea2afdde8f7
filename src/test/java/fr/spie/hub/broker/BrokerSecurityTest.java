package fr.spie.hub.broker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.spie.hub.support.HubIntegrationTest;
import fr.spie.hub.support.PartnerClient;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import org.junit.jupiter.api.Test;

/** On the broker, partner P reads only spie.outbound.P and writes only spie.inbound.P, with its own secret. */
class BrokerSecurityTest extends HubIntegrationTest {

    @Test
    void aPartnerReadsItsOwnOutbox() throws JMSException {
        try (PartnerClient caf = PartnerClient.demo(BROKER_PORT, "caf")) {
            assertThatCode(() -> caf.session().createConsumer(caf.session().createQueue("spie.outbound.caf")).close())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aPartnerCannotReadAnotherPartnersOutbox() throws JMSException {
        try (PartnerClient caf = PartnerClient.demo(BROKER_PORT, "caf")) {
            assertThatThrownBy(() -> {
                try (MessageConsumer stolen = caf.session().createConsumer(
                        caf.session().createQueue("spie.outbound.departement"))) {
                    stolen.receiveNoWait();
                }
            }).isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void aPartnerCannotWriteToAnotherPartnersInbox() throws JMSException {
        try (PartnerClient caf = PartnerClient.demo(BROKER_PORT, "caf")) {
            assertThatThrownBy(() -> {
                try (MessageProducer producer = caf.session().createProducer(
                        caf.session().createQueue("spie.inbound.departement"))) {
                    producer.send(caf.session().createTextMessage("{}"));
                }
            }).isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void aWrongSecretIsRefused() {
        assertThatThrownBy(() -> new PartnerClient(BROKER_PORT, "caf", "demo-departement").close())
                .isInstanceOf(JMSSecurityException.class);
    }
}
