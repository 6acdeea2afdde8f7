package fr.spie.hub.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a payload: what the audit journal keeps instead of the payload itself. */
public final class PayloadHash {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PayloadHash() {
    }

    public static String of(byte[] payload) {
        return HexFormat.of().formatHex(sha256().digest(payload));
    }

    /** Hash of a record read from a stream: of its tree, as the raw bytes of one record are not kept. */
    public static String of(JsonNode tree) {
        // the same bytes as writeValueAsBytes, hashed as they are written instead of gathered in an array first
        MessageDigest sha256 = sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
            JSON.writeValue(out, tree);
        } catch (IOException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** A fresh SHA-256 digest (not thread-safe, so one per hash): payloads here, whole batch files in BatchReceiver. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
