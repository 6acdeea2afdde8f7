package fr.spie.hub;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's settings ({@code spie.*} in application.yaml, each overridable by environment variable).
 *
 * @param home        where routes/, schemas/, mappings/ and config/ are read from (the repository root by default)
 * @param data        where the broker journal, the database, the inbox, reports and archives live
 * @param departement the département this hub serves (INSEE code, e.g. 007): households of others are flagged
 */
@ConfigurationProperties(prefix = "spie")
public record HubProperties(@DefaultValue(".") String home, @DefaultValue("./data") String data,
                            @DefaultValue("007") String departement,
                            @DefaultValue Broker broker, @DefaultValue Identity identity,
                            @DefaultValue Limits limits, @DefaultValue Batch batch, @DefaultValue Delivery delivery) {

    // Paths are bound as strings: Spring would resolve a Path property against the servlet context, not the disk.
    public Path homeDir() {
        return Path.of(home);
    }

    public Path dataDir() {
        return Path.of(data);
    }

    public Path resolve(String relativeToHome) {
        return homeDir().resolve(relativeToHome).normalize();
    }

    public Path partnersDir() {
        return homeDir().resolve("config/partners");
    }

    /**
     * @param host          the partners' TCP acceptor binds here only (loopback by default)
     * @param port          core, AMQP and STOMP on one port
     * @param internalSecret the hub's own broker password; empty means a random one at each start
     * @param maxMemoryBytes   messages the embedded broker keeps in the heap before it pages them to disk; 0 means an
     *                         eighth of the heap (Artemis' own default, half of it, left a 512 MB hub no room)
     */
    public record Broker(@DefaultValue("127.0.0.1") String host, @DefaultValue("61616") int port,
                         @DefaultValue("") String internalSecret, @DefaultValue("0") long maxMemoryBytes) {

        /** The bound actually applied: the configured one, or an eighth of this JVM's heap. */
        public long maxMemoryBytesFor(long maxHeapBytes) {
            return maxMemoryBytes > 0 ? maxMemoryBytes : maxHeapBytes / 8;
        }
    }

    /** @param pseudonymKey HMAC key of the subject pseudonyms (at least 32 bytes); the demo profile ships one */
    public record Identity(@DefaultValue("") String pseudonymKey) {
    }

    /** @param maxPayloadBytes largest body accepted over REST (413 above); a batch file is streamed and not bound */
    public record Limits(@DefaultValue("52428800") long maxPayloadBytes) {
    }

    /**
     * @param chunkSize       records of a batch file committed together to the broker and the audit journal
     * @param progressSeconds a long batch logs a progress line (records, rate, time left) this often; 0: never
     * @param workers         threads taking a batch's records through the pipeline while the file is read; 1: the
     *                        reading thread does it all (records are stored in the file's order either way)
     */
    public record Batch(@DefaultValue("200") int chunkSize, @DefaultValue("1000") long inboxPollMillis,
                        @DefaultValue("10") long progressSeconds, @DefaultValue("2") int workers) {
    }

    /** @param consumers concurrent consumers of the accepted-exchange queue (per-person order is kept by grouping) */
    public record Delivery(@DefaultValue("4") int consumers) {
    }
}
