package fr.spie.hub.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash chain of the journal: each event's SHA-256 covers the previous event's hash, its own sequence number and
 * every one of its fields. Changing a field, removing an event or slipping one in breaks the chain from that point; a
 * signed checkpoint then proves which head was genuine. The encoding is written out here, once, so that an export can
 * be checked by anyone, offline, with this class alone.
 */
public final class AuditChain {

    /** The "previous hash" of the first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] DOMAIN = "spie-hub-audit-event/1".getBytes(StandardCharsets.UTF_8);

    private AuditChain() {
    }

    /** The databases keep microseconds: an instant is truncated to them before it is hashed or stored. */
    public static Instant storable(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String hash(String previousHash, long seq, AuditEvent e) {
        return hash(sha256(), previousHash, seq, e);
    }

    /** With a digest of the caller's (the journal's writer keeps one: getting one per event costs more than hashing). */
    public static String hash(MessageDigest sha, String previousHash, long seq, AuditEvent e) {
        sha.reset();
        sha.update(DOMAIN);
        field(sha, previousHash);
        field(sha, Long.toString(seq));
        field(sha, storable(e.recordedAt()).toString());
        field(sha, e.exchangeId());
        field(sha, e.correlationId());
        field(sha, e.step().name());
        field(sha, e.outcome().name());
        field(sha, e.sender());
        field(sha, e.recipient());
        field(sha, e.messageType());
        field(sha, e.subject());
        field(sha, e.purpose());
        field(sha, e.payloadSha256());
        field(sha, e.detail());
        field(sha, joined(e.persons()));
        field(sha, joined(e.dataCategories()));
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Lists are stored and hashed as one comma-separated column (pseudonyms and category names hold no comma). */
    public static String joined(List<String> values) {
        return values.isEmpty() ? null : String.join(",", values);
    }

    public static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    /** Length-prefixed, with null distinct from empty: no two different events encode alike. */
    private static void field(MessageDigest sha, String value) {
        if (value == null) {
            sha.update((byte) 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) 1);
        sha.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8),
                (byte) bytes.length});
        sha.update(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** An event as chained: its place, the hash it follows and its own hash; {@code rowId} is the database row. */
    public record ChainedEvent(long rowId, long seq, String previousHash, String hash, AuditEvent event) {

        public boolean selfConsistent() {
            return hash != null && hash.equals(AuditChain.hash(previousHash, seq, event));
        }
    }

    /**
     * A signed statement that event {@code seq} had hash {@code eventHash} at {@code signedAt}: whoever holds the
     * public key can tell a genuine head from a rewritten one. {@code publicKey} is the signer's (X.509, base64).
     */
    public record Checkpoint(long seq, String eventHash, Instant signedAt, String publicKey, String signature) {

        /** What is signed: stable text, so that any Ed25519 tool can check it. */
        public byte[] signedContent() {
            return ("spie-hub-audit-checkpoint/1\n" + seq + "\n" + eventHash + "\n" + storable(signedAt) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
