package fr.spie.hub.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.charset.Charset;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Reads one top-level element (a record, a header, a trailer) in a single pass over its StAX events: each event feeds
 * the XSD validator and the JSON tree at once, while the element path is tracked for the issues' expressions.
 */
final class SubtreeReader {

    /** A subtree read in full: its JSON tree and its XSD outcome. */
    record Subtree(ObjectNode tree, OperationOutcome outcome) {
    }

    /** Limits against hostile input; depth counts from the document's root element (depth 1). */
    record Limits(int maxDepth, long maxChars) {
    }

    private final XMLStreamReader reader;
    private final XsdOutline outline;
    private final ValidatorHandler validator;
    private final XsdIssueRecorder issues;
    private final Limits limits;
    private final Deque<Frame> open = new ArrayDeque<>();
    private long charsRead;
    private ObjectNode finishedRoot;
    private Optional<Charset> declaredSingleByte;

    SubtreeReader(XMLStreamReader reader, XmlRecordFormat format) {
        this.reader = reader;
        this.outline = format.outline();
        this.limits = format.limits();
        this.issues = new XsdIssueRecorder(this::currentPath, this::currentValues);
        this.validator = format.newValidatorHandler(issues);
    }

    /**
     * Reads from the START_ELEMENT the reader is on to its matching END_ELEMENT.
     *
     * @param segment            the first segment of every expression, e.g. {@code InfosFoyerRSA[2]}
     * @param depth              depth of this element in the document
     * @param inheritedNamespaces prefix → URI declared by the ancestors, which the validator must know too
     */
    Subtree read(String segment, int depth, Map<String, String> inheritedNamespaces) {
        // One reader (and one XSD validator, costly to create) serves every subtree of a stream in turn.
        open.clear();
        charsRead = 0;
        finishedRoot = null;
        issues.clear();
        try {
            validator.startDocument();
            inheritedNamespaces.forEach(this::startPrefix);
            startElement(segment, depth);
            while (!open.isEmpty()) {
                step(reader.next(), segment, depth);
            }
            inheritedNamespaces.keySet().forEach(this::endPrefix);
            validator.endDocument();
            return new Subtree(finishedRoot, issues.outcome());
        } catch (XMLStreamException e) {
            throw StaxRecordStream.notWellFormed(e, segment);
        } catch (SAXException e) {
            throw new IllegalStateException("XSD validator failed", e); // our ErrorHandler never throws
        }
    }

    private void step(int event, String segment, int depth) throws SAXException {
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> startElement(childSegment(), depth + open.size());
            case XMLStreamConstants.END_ELEMENT -> endElement();
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> characters(segment);
            case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                    throw StaxRecordStream.dtdRefused(segment);
            case XMLStreamConstants.END_DOCUMENT -> throw new UnreadableDocumentException(OperationOutcome.of(
                    Issue.fatal(IssueType.STRUCTURE, segment, "The document ends inside this element")));
            default -> {
                // comments and processing instructions carry no data
            }
        }
    }

    private String childSegment() {
        String name = reader.getLocalName();
        if (!outline.isRepeatable(name)) {
            return name;
        }
        int position = open.peek().childCounts.merge(name, 1, Integer::sum);
        return name + "[" + position + "]";
    }

    private void startElement(String segment, int depth) throws SAXException {
        if (depth > limits.maxDepth()) {
            throw tooLong(rootSegment(segment), "Elements are nested deeper than " + limits.maxDepth() + " levels");
        }
        Frame frame = new Frame(reader.getLocalName(), segment);
        count(frame.name.length(), segment);
        open.push(frame);
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            startPrefix(reader.getNamespacePrefix(i), reader.getNamespaceURI(i));
        }
        validator.startElement(uri(reader.getNamespaceURI()), frame.name, qualified(reader.getPrefix(), frame.name),
                attributes(frame));
    }

    private AttributesImpl attributes(Frame frame) {
        AttributesImpl forValidator = new AttributesImpl();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String uri = uri(reader.getAttributeNamespace(i));
            String local = reader.getAttributeLocalName(i);
            String value = reader.getAttributeValue(i);
            count(local.length() + value.length(), frame.segment);
            if (XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(uri)) {
                // schema location hints are ignored on purpose: the partner does not choose our XSD
                if (local.equals("nil") || local.equals("type")) {
                    forValidator.addAttribute(uri, local, qualified(reader.getAttributePrefix(i), local), "CDATA", value);
                }
                continue;
            }
            forValidator.addAttribute(uri, local, qualified(reader.getAttributePrefix(i), local), "CDATA", value);
            frame.attributeValues.add(value);
            frame.object().put("@" + local, value);
        }
        return forValidator;
    }

    private void characters(String segment) throws SAXException {
        int length = reader.getTextLength();
        count(length, segment);
        char[] text = reader.getTextCharacters();
        int start = reader.getTextStart();
        open.peek().text.append(text, start, length);
        validator.characters(text, start, length);
    }

    private void endElement() throws SAXException {
        Frame frame = open.peek();
        if (MisreadEncoding.isUtf8ReadAs(frame.text, declaredSingleByteCharset())) {
            issues.add(OperationOutcome.Severity.ERROR, IssueType.VALUE, "This text is UTF-8 but the document declares "
                    + declaredSingleByteCharset().name() + ": its accented letters would be read wrong (\"é\" as "
                    + "\"Ã©\"). Send the file in " + declaredSingleByteCharset().name()
                    + " or declare encoding=\"UTF-8\"");
        }
        validator.endElement(uri(reader.getNamespaceURI()), frame.name, qualified(reader.getPrefix(), frame.name));
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            endPrefix(reader.getNamespacePrefix(i));
        }
        open.pop();
        if (open.isEmpty()) {
            finishedRoot = frame.object();
            if (!frame.text.toString().isBlank()) {
                finishedRoot.put("#text", frame.text.toString());
            }
        } else {
            attach(open.peek().object(), frame.name, frame.value());
        }
    }

    /** Repeatable names always go to an array; a non-repeatable name seen twice (invalid anyway) keeps both values. */
    private void attach(ObjectNode parent, String name, JsonNode value) {
        JsonNode existing = parent.get(name);
        if (outline.isRepeatable(name)) {
            parent.withArray(name).add(value);
        } else if (existing == null) {
            parent.set(name, value);
        } else if (existing instanceof ArrayNode array) {
            array.add(value);
        } else {
            parent.putArray(name).add(existing).add(value);
        }
    }

    private void count(long chars, String segment) {
        charsRead += chars;
        if (charsRead > limits.maxChars()) {
            throw tooLong(rootSegment(segment), "The element holds more than " + limits.maxChars() + " characters");
        }
    }

    private String rootSegment(String fallback) {
        return open.isEmpty() ? fallback : open.peekLast().segment;
    }

    private static UnreadableDocumentException tooLong(String expression, String diagnostics) {
        return new UnreadableDocumentException(OperationOutcome.of(Issue.fatal(IssueType.TOO_LONG, expression,
                diagnostics)));
    }

    /**
     * The single-byte charset the document declares (windows-1252, ISO-8859-15...), whose texts are checked for UTF-8
     * read as such; null when it declares UTF-8 or nothing (then Utf8OrFallbackReader reads both correctly).
     */
    private Charset declaredSingleByteCharset() {
        if (declaredSingleByte == null) {
            declaredSingleByte = MisreadEncoding.singleByte(reader.getCharacterEncodingScheme());
        }
        return declaredSingleByte.orElse(null);
    }

    String currentPath() {
        StringBuilder path = new StringBuilder();
        for (Iterator<Frame> frames = open.descendingIterator(); frames.hasNext(); ) {
            path.append(path.isEmpty() ? "" : ".").append(frames.next().segment);
        }
        return path.toString();
    }

    private List<String> currentValues() {
        Frame frame = open.peek();
        if (frame == null) {
            return List.of();
        }
        String text = frame.text.toString();
        List<String> values = new ArrayList<>(frame.attributeValues);
        values.add(text);
        values.add(text.trim());
        values.add(text.trim().replaceAll("\\s+", " "));
        return values;
    }

    private void startPrefix(String prefix, String uri) {
        try {
            validator.startPrefixMapping(prefix == null ? "" : prefix, uri == null ? "" : uri);
        } catch (SAXException e) {
            throw new IllegalStateException("XSD validator failed", e);
        }
    }

    private void endPrefix(String prefix) {
        try {
            validator.endPrefixMapping(prefix == null ? "" : prefix);
        } catch (SAXException e) {
            throw new IllegalStateException("XSD validator failed", e);
        }
    }

    private static String uri(String uri) {
        return uri == null ? "" : uri;
    }

    private static String qualified(String prefix, String local) {
        return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
    }

    /** One open element: its place in the path, its children's counts and what it holds so far. */
    private static final class Frame {
        final String name;
        final String segment;
        final Map<String, Integer> childCounts = new HashMap<>();
        final List<String> attributeValues = new ArrayList<>(0);
        final StringBuilder text = new StringBuilder();
        private ObjectNode object;

        Frame(String name, String segment) {
            this.name = name;
            this.segment = segment;
        }

        ObjectNode object() {
            if (object == null) {
                object = JsonNodeFactory.instance.objectNode();
            }
            return object;
        }

        /** A leaf is its text, untrimmed; an element with children or attributes is an object. */
        JsonNode value() {
            if (object == null) {
                return TextNode.valueOf(text.toString());
            }
            if (!text.toString().isBlank()) {
                object.put("#text", text.toString());
            }
            return object;
        }
    }
}
