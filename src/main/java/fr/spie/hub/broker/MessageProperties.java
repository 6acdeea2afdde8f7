package fr.spie.hub.broker;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

/**
 * Sets a message property whose name is not a Java identifier. The contract's headers ({@code spie-exchange-id}...)
 * contain hyphens, which the JMS API refuses but Artemis core, AMQP and STOMP carry as they are: they are set on the
 * underlying core message, still within the JMS session and its transaction.
 */
public final class MessageProperties {

    private MessageProperties() {
    }

    public static void put(Message message, String name, String value) throws JMSException {
        if (value == null) {
            return;
        }
        if (message instanceof ActiveMQMessage artemis) {
            artemis.getCoreMessage().putStringProperty(name, value);
        } else {
            message.setStringProperty(name, value);
        }
    }
}
