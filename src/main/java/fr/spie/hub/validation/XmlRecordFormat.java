package fr.spie.hub.validation;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.SAXException;

/**
 * A record-oriented XML format checked against its XSD, e.g. the CAF flux whose records are {@code InfosFoyerRSA}.
 * Compiled once (schema, repeatable element names), then opened on as many documents as needed, thread-safely.
 *
 * <p>Each record (and each non-record top-level element) becomes a Jackson tree:
 * <ul>
 *   <li>the tree of a record is the content of the record element: its keys are its children, e.g.
 *       {@code {"IdentificationRSA": {...}, "Personne": [{...}, ...], ...}};</li>
 *   <li>an element becomes a key of its name; when its name is repeatable anywhere in the XSD (maxOccurs &gt; 1 or
 *       unbounded, on the element or an enclosing sequence/choice) the key holds a JSON array, always, even with one
 *       occurrence, so that mappings see a stable shape;</li>
 *   <li>a leaf element becomes its text as a JSON string, untrimmed (the CAF pads TYPEPARTE with spaces; mappings
 *       trim); an empty element {@code <X/>} becomes {@code ""};</li>
 *   <li>attributes become keys {@code "@name"} (namespace declarations and {@code xsi:} attributes are left out);
 *       an element with attributes and text keeps its text under {@code "#text"}.</li>
 * </ul>
 *
 * <p>Issue expressions are dotted paths starting with the record element and its 1-based position among the records,
 * with 1-based positions on repeatable elements only: {@code InfosFoyerRSA[1].Personne[2].Identification.NIR}. A
 * content-model error on an incomplete element points at that element ({@code InfosFoyerRSA[1]}). Headers and
 * trailers start with their bare name ({@code TransmissionFlux.NBTOTDOSRSATRANSM}).
 */
public final class XmlRecordFormat implements RecordFormat {

    /** Deeper than any partner format we know, shallow enough to stop a nesting attack early. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** A CAF household is a few kilobytes; ten million characters leaves room while bounding memory. */
    public static final long DEFAULT_MAX_RECORD_CHARS = 10_000_000L;

    private final Schema schema;
    private final XsdOutline outline;
    private final String recordElement;
    private final Charset defaultCharset;
    private final SubtreeReader.Limits limits;

    private XmlRecordFormat(Schema schema, XsdOutline outline, String recordElement, Charset defaultCharset,
                            SubtreeReader.Limits limits) {
        this.schema = schema;
        this.outline = outline;
        this.recordElement = recordElement;
        this.defaultCharset = defaultCharset;
        this.limits = limits;
    }

    /**
     * @param xsd            the partner's XSD; the record element must be a global element of it
     * @param recordElement  the element that holds one record, e.g. {@code InfosFoyerRSA}
     * @param defaultCharset used when the document declares no encoding
     */
    public static XmlRecordFormat compile(Path xsd, String recordElement, Charset defaultCharset) {
        Objects.requireNonNull(recordElement, "recordElement");
        Objects.requireNonNull(defaultCharset, "defaultCharset");
        XsdOutline outline = XsdOutline.read(xsd, recordElement);
        if (!outline.globalNames().contains(recordElement)) {
            throw new IllegalArgumentException(recordElement + " is not a global element of " + xsd);
        }
        return new XmlRecordFormat(compileSchema(xsd), outline, recordElement, defaultCharset,
                new SubtreeReader.Limits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_RECORD_CHARS));
    }

    /** The same format with other limits against hostile input (element depth, characters in one record). */
    public XmlRecordFormat withLimits(int maxDepth, long maxRecordChars) {
        if (maxDepth < 2 || maxRecordChars < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 2 and maxRecordChars positive");
        }
        return new XmlRecordFormat(schema, outline, recordElement, defaultCharset,
                new SubtreeReader.Limits(maxDepth, maxRecordChars));
    }

    /**
     * Streams the records of a document, one at a time; the caller closes the stream (which closes {@code document}).
     *
     * @throws UnreadableDocumentException when the prolog or the root element already make the document unreadable
     */
    public RecordStream open(InputStream document) {
        return new StaxRecordStream(this, document);
    }

    public String recordElement() {
        return recordElement;
    }

    Charset defaultCharset() {
        return defaultCharset;
    }

    XsdOutline outline() {
        return outline;
    }

    SubtreeReader.Limits limits() {
        return limits;
    }

    ValidatorHandler newValidatorHandler(XsdIssueRecorder issues) {
        ValidatorHandler handler = schema.newValidatorHandler();
        handler.setErrorHandler(issues);
        return handler;
    }

    /** A factory that refuses DTDs and external entities: the stream reports any DTD as a security issue. */
    static XMLInputFactory secureInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory;
    }

    private static Schema compileSchema(Path xsd) {
        try {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            return factory.newSchema(xsd.toFile());
        } catch (SAXException e) {
            throw new IllegalArgumentException("cannot compile XSD " + xsd + ": " + e.getMessage(), e);
        }
    }
}
