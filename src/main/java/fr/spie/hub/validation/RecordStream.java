package fr.spie.hub.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The records of one batch document (XML elements, CSV rows), read one at a time, never the whole document in memory.
 * Each record comes as a JSON tree with its own validation outcome. What is not a record (an XML header such as
 * {@code IdentificationFlux}, a trailer such as {@code TransmissionFlux}) is validated too and exposed by
 * {@link #headers()} as soon as it has been read.
 */
public interface RecordStream extends Iterator<RecordStream.BatchRecord>, AutoCloseable {

    /**
     * One record.
     *
     * @param index   1-based position of the record in the document
     * @param tree    the record as a JSON tree (convention in {@link XmlRecordFormat} and docs/mappings.md)
     * @param outcome its XSD validation; issues' expressions start with {@code <record>[index]}
     */
    record BatchRecord(int index, ObjectNode tree, OperationOutcome outcome) {
    }

    /** The non-record top-level elements read so far, by element name, as JSON trees. */
    Map<String, ObjectNode> headers();

    /** Issues about the document itself rather than one record (e.g. a missing or invalid trailer), so far. */
    OperationOutcome documentOutcome();

    @Override
    void close();
}
