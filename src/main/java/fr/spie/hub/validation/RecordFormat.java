package fr.spie.hub.validation;

import java.io.InputStream;

/** A batch format, compiled once with its schema: opens documents as streams of validated records. */
public interface RecordFormat {

    /**
     * Streams the records of a document, one at a time; the caller closes the stream.
     *
     * @throws UnreadableDocumentException when not even the document's start can be read
     */
    RecordStream open(InputStream document);
}
