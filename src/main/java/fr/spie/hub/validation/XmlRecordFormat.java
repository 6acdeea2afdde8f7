package fr.spie.hub.validation;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * A record-oriented XML format checked against its XSD, e.g. the CAF flux whose records are {@code InfosFoyerRSA}.
 * Compiled once (schema, repeatable element names), then opened on as many documents as needed, thread-safely.
 */
public final class XmlRecordFormat {

    /**
     * @param xsd            the partner's XSD; the record element must be a global element of it
     * @param recordElement  the element that holds one record, e.g. {@code InfosFoyerRSA}
     * @param defaultCharset used when the document declares no encoding
     */
    public static XmlRecordFormat compile(Path xsd, String recordElement, Charset defaultCharset) {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Streams the records of a document, one at a time; the caller closes the stream. */
    public XmlRecordStream open(InputStream document) {
        throw new UnsupportedOperationException("not written yet");
    }

    public String recordElement() {
        throw new UnsupportedOperationException("not written yet");
    }
}
