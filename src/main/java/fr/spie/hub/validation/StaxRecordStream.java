package fr.spie.hub.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The StAX implementation of {@link RecordStream}: holds the reader between records, never more than one record.
 * The document is checked by validating each top-level element on its own against its global XSD declaration, plus
 * the root's name and the presence of its required children; the order of the top-level elements is not checked,
 * which is enough for a header / records / trailer layout and keeps the root from ever being held in memory.
 */
final class StaxRecordStream implements RecordStream {

    private final XmlRecordFormat format;
    private final InputStream input;
    private final XMLStreamReader reader;
    private SubtreeReader subtreeReader;
    private final Map<String, ObjectNode> headers = new LinkedHashMap<>();
    private final Map<String, String> rootNamespaces = new LinkedHashMap<>();
    private final String rootName;
    private final boolean singleRecord;
    private OperationOutcome documentOutcome = OperationOutcome.ok();
    private BatchRecord pending;
    private int recordsRead;
    private boolean finished;

    StaxRecordStream(XmlRecordFormat format, InputStream document) {
        this.format = format;
        this.input = document;
        this.reader = createReader(format, document);
        String root = moveToRoot();
        this.rootName = root;
        this.singleRecord = root.equals(format.recordElement());
        if (!singleRecord && !format.outline().rootNames().contains(root)) {
            close();
            throw new UnreadableDocumentException(OperationOutcome.of(Issue.fatal(IssueType.STRUCTURE, root,
                    "The root element must be one of " + format.outline().rootNames() + " or "
                            + format.recordElement() + ", found " + root)));
        }
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            rootNamespaces.put(nullToEmpty(reader.getNamespacePrefix(i)), nullToEmpty(reader.getNamespaceURI(i)));
        }
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !finished) {
            try {
                pending = singleRecord ? readSingleRecord() : readUntilRecord();
            } catch (RuntimeException e) {
                finished = true;
                throw e;
            }
        }
        return pending != null;
    }

    @Override
    public BatchRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        BatchRecord record = pending;
        pending = null;
        return record;
    }

    @Override
    public Map<String, ObjectNode> headers() {
        return Collections.unmodifiableMap(headers);
    }

    @Override
    public OperationOutcome documentOutcome() {
        return documentOutcome;
    }

    @Override
    public void close() {
        try {
            reader.close();
            input.close();
        } catch (XMLStreamException | IOException e) {
            // nothing was written: a failed close loses nothing
        }
    }

    private BatchRecord readSingleRecord() {
        finished = true;
        return readRecord(1);
    }

    private BatchRecord readUntilRecord() {
        try {
            while (true) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = reader.getLocalName();
                    if (name.equals(format.recordElement())) {
                        return readRecord(2);
                    }
                    readTopLevelElement(name);
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    finishDocument();
                    return null;
                } else if (event == XMLStreamConstants.CHARACTERS && !reader.isWhiteSpace()) {
                    documentOutcome = documentOutcome.and(Issue.error(IssueType.STRUCTURE, rootName,
                            "Text is not allowed between the top-level elements"));
                } else if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw dtdRefused(null);
                }
            }
        } catch (XMLStreamException e) {
            throw notWellFormed(e, null);
        }
    }

    private SubtreeReader subtrees() {
        if (subtreeReader == null) {
            subtreeReader = new SubtreeReader(reader, format);
        }
        return subtreeReader;
    }

    private BatchRecord readRecord(int depth) {
        int index = ++recordsRead;
        String segment = format.recordElement() + "[" + index + "]";
        SubtreeReader.Subtree record = subtrees().read(segment, depth, rootNamespaces);
        return new BatchRecord(index, record.tree(), record.outcome());
    }

    private void readTopLevelElement(String name) {
        SubtreeReader.Subtree element = subtrees().read(name, 2, rootNamespaces);
        headers.put(name, element.tree());
        documentOutcome = documentOutcome.and(element.outcome());
    }

    /** Called on the root's end tag: what the XSD requires at the top level must have been seen. */
    private void finishDocument() {
        finished = true;
        for (String required : format.outline().requiredTopLevelNames()) {
            if (!required.equals(format.recordElement()) && !headers.containsKey(required)) {
                documentOutcome = documentOutcome.and(Issue.error(IssueType.REQUIRED, required,
                        "The document has no " + required + ", which the XSD requires"));
            }
        }
    }

    private String moveToRoot() {
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return reader.getLocalName();
                }
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    close();
                    throw dtdRefused(null);
                }
            }
            close();
            throw new UnreadableDocumentException(OperationOutcome.of(Issue.fatal(IssueType.STRUCTURE, null,
                    "The document has no root element")));
        } catch (XMLStreamException e) {
            close();
            throw notWellFormed(e, null);
        }
    }

    private static XMLStreamReader createReader(XmlRecordFormat format, InputStream document) {
        try {
            XMLInputFactory factory = XmlRecordFormat.secureInputFactory();
            BufferedInputStream buffered = new BufferedInputStream(document);
            if (DeclaredEncoding.isDeclared(buffered)) {
                return factory.createXMLStreamReader(buffered); // the document's own declaration wins
            }
            return factory.createXMLStreamReader(new Utf8OrFallbackReader(buffered, format.defaultCharset()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (XMLStreamException e) {
            throw notWellFormed(e, null);
        }
    }

    static UnreadableDocumentException dtdRefused(String expression) {
        return new UnreadableDocumentException(OperationOutcome.of(Issue.fatal(IssueType.SECURITY, expression,
                "DTDs and entity declarations are refused (they allow external entity and entity expansion attacks)")));
    }

    /** The parser's reason and position; its messages name elements and characters, not the content around them. */
    static UnreadableDocumentException notWellFormed(XMLStreamException e, String expression) {
        Location location = e.getLocation();
        String reason = e.getNestedException() != null && e.getNestedException().getMessage() != null
                ? e.getNestedException().getMessage() : stripPosition(e.getMessage());
        String where = location == null ? "" : " at line " + location.getLineNumber() + ", column "
                + location.getColumnNumber();
        if (e.getNestedException() instanceof java.io.CharConversionException) {
            // e.g. windows-1252 bytes in a document that declares UTF-8 (or declares nothing, XML's default)
            return new UnreadableDocumentException(OperationOutcome.of(Issue.fatal(IssueType.STRUCTURE, expression,
                    "The document is not in the encoding it declares" + where + ": " + reason + ". Declare its real "
                            + "encoding (e.g. encoding=\"windows-1252\") or send it in UTF-8")));
        }
        return new UnreadableDocumentException(OperationOutcome.of(Issue.fatal(IssueType.STRUCTURE, expression,
                "The document is not well-formed" + where + ": " + reason)));
    }

    private static String stripPosition(String message) {
        if (message == null) {
            return "unreadable";
        }
        int marker = message.indexOf("Message: ");
        return marker < 0 ? message : message.substring(marker + "Message: ".length());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
