package fr.spie.hub.validation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The rows of one CSV document, one at a time, each as a JSON object checked against the row schema. */
final class CsvRecordStream implements RecordStream {

    private final CSVParser parser;
    private final Iterator<CSVRecord> rows;
    private final List<String> columns;
    private final JsonSchemaValidator rowSchema;
    private final String nullValue;
    private final boolean padShortRows;
    private int index;

    CsvRecordStream(CSVParser parser, List<String> columns, JsonSchemaValidator rowSchema, String nullValue,
                    boolean padShortRows) {
        this.padShortRows = padShortRows;
        this.parser = parser;
        this.rows = parser.iterator();
        this.columns = columns;
        this.rowSchema = rowSchema;
        this.nullValue = nullValue;
    }

    @Override
    public boolean hasNext() {
        try {
            return rows.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw unreadable(e, CsvRecordFormat.RECORD + "[" + (index + 1) + "]");
        }
    }

    @Override
    public BatchRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CSVRecord row;
        try {
            row = rows.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw unreadable(e, CsvRecordFormat.RECORD + "[" + (index + 1) + "]");
        }
        index++;
        String where = CsvRecordFormat.RECORD + "[" + index + "]";
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        boolean shortButPadded = padShortRows && row.size() < columns.size();
        if (row.size() != columns.size() && !shortButPadded) {
            return new BatchRecord(index, tree, OperationOutcome.error(IssueType.STRUCTURE, where, "The row has "
                    + row.size() + " cell(s) where the header names " + columns.size() + " column(s)"));
        }
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i);
            if (!cell.isEmpty() && !cell.equals(nullValue)) {
                tree.put(columns.get(i), cell);
            }
        }
        OperationOutcome outcome = rowSchema.validate(tree)
                .mapExpressions(e -> "$".equals(e) ? where : where + (e.startsWith("[") ? "" : ".") + e);
        return new BatchRecord(index, tree, outcome);
    }

    /** A CSV has no header or trailer elements. */
    @Override
    public Map<String, ObjectNode> headers() {
        return Map.of();
    }

    @Override
    public OperationOutcome documentOutcome() {
        return OperationOutcome.ok();
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the document cannot be read further: a byte that is not of its charset, or a broken quote. */
    static UnreadableDocumentException unreadable(Exception e, String where) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof CharacterCodingException)) {
            cause = cause.getCause();
        }
        if (cause instanceof CharacterCodingException) {
            return new UnreadableDocumentException(OperationOutcome.of(Issue.fatal(IssueType.INVALID, where,
                    "The file is not in its declared character set (a windows-1252 file sent as UTF-8?)")));
        }
        // commons-csv messages give the line and position, never a cell's content.
        return new UnreadableDocumentException(OperationOutcome.of(Issue.fatal(IssueType.STRUCTURE, where,
                "The CSV cannot be read further: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " (" + e.getMessage().replaceAll("'[^']*'", "'…'") + ")"))));
    }
}
