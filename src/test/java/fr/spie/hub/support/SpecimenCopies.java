package fr.spie.hub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Distinct copies of the specimens. Intake is idempotent: the same payload or file twice is a duplicate, answered with
 * the first exchange id and not delivered again. Tests share one hub and one database, so a test that needs a fresh
 * acceptance of a specimen another test may also send posts a copy: the same records, other bytes.
 * <ul>
 *   <li>XML: a comment after the root element ({@code <!-- copy 7 -->}), which no reader sees;</li>
 *   <li>CSV and JSON: trailing empty lines (one more per copy), which the CSV reader and JSON parsers skip.</li>
 * </ul>
 */
public final class SpecimenCopies {

    private static final AtomicInteger COPIES = new AtomicInteger();

    private SpecimenCopies() {
    }

    /** A copy of an XML document that no earlier copy in this JVM has the bytes of. */
    public static byte[] xml(byte[] document) {
        byte[] marker = ("\n<!-- copy " + COPIES.incrementAndGet() + " -->\n").getBytes(StandardCharsets.US_ASCII);
        return concat(document, marker);
    }

    public static byte[] xml(Path document) {
        return xml(read(document));
    }

    /** A copy of a CSV file or a JSON document: the same content with one more trailing line break per copy. */
    public static byte[] text(byte[] content) {
        byte[] tail = new byte[COPIES.incrementAndGet()];
        Arrays.fill(tail, (byte) '\n');
        return concat(content, tail);
    }

    public static byte[] csv(Path file) {
        return text(read(file));
    }

    public static byte[] json(Path file) {
        return text(read(file));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
