package fr.spie.hub.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;

/**
 * A CSV batch format: the first row names the columns, every other row is a record, checked against a JSON Schema of
 * one row. A row becomes an object of column name → cell text; empty cells and cells equal to the null token (France
 * Travail writes {@code NULL}) are left out. A byte order mark is skipped; CRLF and LF both end a row; quoted cells
 * may hold the delimiter, quotes ({@code ""}) and line breaks. Bytes that are not of the declared charset stop the
 * reading with a precise outcome rather than being read as something else.
 */
public final class CsvRecordFormat implements RecordFormat {

    /** The expression of a row: {@code row[3]} is the third record, the header not counted. */
    public static final String RECORD = "row";

    private final JsonSchemaValidator rowSchema;
    private final List<String> requiredColumns;
    private final CSVFormat csv;
    private final String nullValue;
    private final Charset charset;
    private final char delimiter;
    private final boolean padShortRows;

    private CsvRecordFormat(JsonSchemaValidator rowSchema, List<String> requiredColumns, CSVFormat csv,
                            String nullValue, Charset charset, char delimiter, boolean padShortRows) {
        this.rowSchema = rowSchema;
        this.requiredColumns = requiredColumns;
        this.csv = csv;
        this.nullValue = nullValue;
        this.charset = charset;
        this.delimiter = delimiter;
        this.padShortRows = padShortRows;
    }

    /**
     * @param rowSchema JSON Schema (draft-07) of one row
     * @param nullValue a cell text meaning "no value" besides the empty cell, or null
     */
    public static CsvRecordFormat compile(Path rowSchema, char delimiter, String nullValue, Charset charset) {
        return compile(rowSchema, delimiter, nullValue, charset, false);
    }

    /**
     * @param padShortRows a row with fewer cells than the header is read as if the missing trailing cells were empty
     *                     (spreadsheets drop trailing empty cells: the Département's import does); a longer row is
     *                     still refused
     */
    public static CsvRecordFormat compile(Path rowSchema, char delimiter, String nullValue, Charset charset,
                                          boolean padShortRows) {
        List<String> required = new ArrayList<>();
        try {
            JsonNode schema = new ObjectMapper().readTree(Files.readAllBytes(rowSchema));
            schema.path("required").forEach(column -> required.add(column.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the row schema " + rowSchema, e);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setQuote('"').setHeader()
                .setSkipHeaderRecord(true).setAllowMissingColumnNames(false).setIgnoreEmptyLines(true).get();
        return new CsvRecordFormat(JsonSchemaValidator.load(rowSchema), List.copyOf(required), format, nullValue,
                charset, delimiter, padShortRows);
    }

    @Override
    public RecordStream open(InputStream document) {
        PushbackInputStream input = new PushbackInputStream(document, 3);
        CSVParser parser;
        try {
            skipByteOrderMark(input);
            // REPORT, not REPLACE: a windows-1252 file sent as UTF-8 must say so, not become question marks.
            InputStreamReader reader = new InputStreamReader(input, charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
            parser = CSVParser.builder().setReader(reader).setFormat(csv).get();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            closeQuietly(document);
            throw CsvRecordStream.unreadable(e, "header");
        }
        List<String> columns = parser.getHeaderNames();
        if (columns.isEmpty()) {
            closeQuietly(document);
            throw new UnreadableDocumentException(OperationOutcome.of(Issue.fatal(IssueType.STRUCTURE, "header",
                    "The file has no header row naming its columns")));
        }
        List<String> missing = requiredColumns.stream().filter(c -> !columns.contains(c)).toList();
        if (!missing.isEmpty()) {
            closeQuietly(document);
            throw new UnreadableDocumentException(OperationOutcome.of(Issue.fatal(IssueType.REQUIRED, "header",
                    "The header lacks the required column(s) " + String.join(", ", missing)
                            + otherSeparatorHint(columns))));
        }
        return new CsvRecordStream(parser, columns, rowSchema, nullValue, padShortRows);
    }

    /**
     * A header read as one single column that holds another usual separator is a file cut with the wrong separator:
     * saying so spares the sender a column-by-column hunt. Column names are the partner's format, not personal data.
     */
    private String otherSeparatorHint(List<String> columns) {
        if (columns.size() != 1) {
            return "";
        }
        for (char other : new char[] {';', ',', '\t', '|'}) {
            if (other != delimiter && columns.get(0).indexOf(other) >= 0) {
                return "; the header is one single column: the file seems separated by '"
                        + (other == '\t' ? "\\t" : String.valueOf(other)) + "' where '" + delimiter + "' is expected";
            }
        }
        return "";
    }

    private static void skipByteOrderMark(PushbackInputStream input) throws IOException {
        byte[] head = new byte[3];
        int read = input.readNBytes(head, 0, 3);
        boolean bom = read == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
        if (!bom && read > 0) {
            input.unread(head, 0, read);
        }
    }

    private static void closeQuietly(InputStream input) {
        try {
            input.close();
        } catch (IOException ignored) {
            // the document is being refused: nothing more to say about it
        }
    }
}
