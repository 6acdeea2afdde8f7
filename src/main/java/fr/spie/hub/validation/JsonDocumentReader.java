package fr.spie.hub.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * Parses a partner's JSON document strictly (no duplicate keys, nothing after the document) and within limits (nesting
 * depth, size); an unreadable document becomes an {@link UnreadableDocumentException} that never quotes its content.
 */
public final class JsonDocumentReader {

    /** Deeper than any partner message we know, shallow enough to stop a nesting attack early. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** Partner messages are a few kilobytes; batches come as files, not as one JSON document. */
    public static final long DEFAULT_MAX_BYTES = 10_000_000L;

    /** Jackson quotes the offending token between single quotes, e.g. {@code Unrecognized token 'MARTIN'}. */
    private static final Pattern QUOTED_TOKEN = Pattern.compile("'(?!(?:null|true|false)')(.*?)'");
    private static final Pattern REDACTED_SOURCE = Pattern.compile("Source: REDACTED \\(`[^`]*` disabled\\); ");

    private final ObjectMapper mapper;
    private final int maxDepth;
    private final long maxBytes;

    public JsonDocumentReader() {
        this(DEFAULT_MAX_DEPTH, DEFAULT_MAX_BYTES);
    }

    public JsonDocumentReader(int maxDepth, long maxBytes) {
        this.maxDepth = maxDepth;
        this.maxBytes = maxBytes;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxDocumentLength(maxBytes)
                        .build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public JsonNode read(byte[] document) {
        if (document.length > maxBytes) {
            throw tooLong("The document has more than " + maxBytes + " bytes");
        }
        return read(new ByteArrayInputStream(document));
    }

    /** Reads the whole stream (the caller closes it). */
    public JsonNode read(InputStream document) {
        try (JsonParser parser = mapper.createParser(document)) {
            JsonNode tree = mapper.readTree(parser);
            if (tree == null || tree.isMissingNode()) {
                throw unreadable(IssueType.STRUCTURE, "The document is empty");
            }
            return tree;
        } catch (StreamConstraintsException e) {
            throw tooLong(limitExceeded(e) + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw unreadable(IssueType.STRUCTURE, "The document is not well-formed JSON" + at(e.getLocation()) + ": "
                    + withoutTokens(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String limitExceeded(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "The document is nested deeper than " + maxDepth + " levels";
        }
        if (message.contains("document length")) {
            return "The document has more than " + maxBytes + " bytes";
        }
        return "The document exceeds a reading limit (" + withoutTokens(message) + ")";
    }

    /** Duplicate key names are kept (they name a field, not a value); any other quoted token is replaced by its length. */
    private static String withoutTokens(String message) {
        if (message == null) {
            return "unreadable";
        }
        String firstLine = message.lines().findFirst().orElse("");
        if (firstLine.startsWith("Duplicate field")) {
            return firstLine;
        }
        if (firstLine.startsWith("Trailing token")) {
            return "content follows the end of the document";
        }
        String withoutSource = REDACTED_SOURCE.matcher(firstLine).replaceAll("");
        return QUOTED_TOKEN.matcher(withoutSource).replaceAll(token -> ValueRedaction.lengthOf(token.group(1)));
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static UnreadableDocumentException tooLong(String diagnostics) {
        return unreadable(IssueType.TOO_LONG, diagnostics);
    }

    private static UnreadableDocumentException unreadable(IssueType code, String diagnostics) {
        return new UnreadableDocumentException(OperationOutcome.of(Issue.fatal(code, "$", diagnostics)));
    }
}
