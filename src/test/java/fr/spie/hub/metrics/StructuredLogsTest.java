package fr.spie.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * The structured log option (LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs, docs/operations.md): each line is one JSON object
 * that carries the correlation and exchange ids the hub puts in the MDC, as fields a log platform can filter on.
 */
class StructuredLogsTest {

    @Test
    void an_ecs_line_is_json_with_the_correlation_and_exchange_ids() throws Exception {
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("ecs");
        encoder.start();

        LoggingEvent event = new LoggingEvent("fr.spie.hub.exchange.BatchReceiver",
                context.getLogger("fr.spie.hub.exchange.BatchReceiver"), Level.INFO,
                "Batch {} from {}: {} record(s)", null, new Object[] {"RSABEM.xml", "caf", 2});
        event.setMDCPropertyMap(Map.of("spie-correlation-id", "corr-123", "spie-exchange-id", "exch-456"));
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("Batch RSABEM.xml from caf: 2 record(s)");
        assertThat(json.path("log").path("level").asText()).isEqualTo("INFO");
        assertThat(line).contains("\"spie-correlation-id\":\"corr-123\"", "\"spie-exchange-id\":\"exch-456\"");
    }
}
