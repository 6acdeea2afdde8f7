package fr.spie.hub.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code spie.audit.*}: the journal's signing key and how often it signs.
 *
 * @param signingKey            Ed25519 private key (PKCS#8, base64 or PEM) that signs checkpoints; the demo profile
 *                              ships a public demo key that proves nothing
 * @param checkpointEvery       a signed checkpoint at least every this many events
 * @param checkpointSeconds     and at least this often while events arrive, so that the unsigned tail stays short
 * @param maxBatch              most events written in one database transaction by the journal's writer
 */
@ConfigurationProperties(prefix = "spie.audit")
public record AuditProperties(@DefaultValue("") String signingKey, @DefaultValue("1000") int checkpointEvery,
                              @DefaultValue("60") int checkpointSeconds, @DefaultValue("2000") int maxBatch) {
}
