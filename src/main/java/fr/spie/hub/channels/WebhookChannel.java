package fr.spie.hub.channels;

import fr.spie.hub.partner.Partner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Webhook: one HTTP(S) POST per message to the partner's URL, JSON body, the contract's headers as HTTP headers.
 * Any 2xx is a delivery; anything else (or no answer in time) is a failure to retry. Over HTTPS the partner's
 * certificate must be trusted by {@code spie.channels.truststore} (else the JDK's authorities) and name the URL's host.
 */
@Component
public class WebhookChannel implements Channel {

    private final HttpClient http;
    private final ChannelSettings settings;
    private final Environment environment;

    public WebhookChannel(ChannelSettings settings, Environment environment) {
        this.settings = settings;
        this.environment = environment;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .sslContext(PartnerTrust.sslContext(settings.truststore()))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void send(OutboundMessage message, Partner.Delivery channel) throws ChannelFailure {
        URI url;
        try {
            url = URI.create(environment.resolveRequiredPlaceholders(channel.url()));
        } catch (IllegalArgumentException e) {
            // e.g. ${SPIE_WEBHOOK_MISSION_LOCALE} not set in this deployment: retried (it may be set and reloaded).
            throw new ChannelFailure("webhook URL not configured: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message.body(), StandardCharsets.UTF_8));
        message.contractHeaders().forEach(request::header);
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new ChannelFailure("webhook answered HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            SSLException tls = PartnerTrust.tlsFailureIn(e);
            if (tls != null) {
                throw new ChannelFailure(PartnerTrust.handshakeFailure("webhook", tls), e);
            }
            throw new ChannelFailure("webhook unreachable: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelFailure("interrupted while calling the webhook", e);
        }
    }
}
