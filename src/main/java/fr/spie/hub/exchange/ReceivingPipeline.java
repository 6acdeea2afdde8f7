package fr.spie.hub.exchange;

import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands one message to the receiving route ({@code direct:receive} in routes/exchange-pipeline.camel.yaml). Its
 * correlation and exchange ids travel as headers, so that Camel puts them in the MDC of every log line of the route.
 */
@Component
public class ReceivingPipeline {

    private final ProducerTemplate camel;

    public ReceivingPipeline(ProducerTemplate camel) {
        this.camel = camel;
    }

    /** Runs the message through the pipeline; its status and outcome say how it ended. */
    public MessageInTransit receive(MessageInTransit message) {
        camel.sendBodyAndHeaders("direct:receive", message, Map.of(
                Headers.CORRELATION_ID, message.correlationId(),
                Headers.EXCHANGE_ID, message.exchangeId()));
        return message;
    }
}
