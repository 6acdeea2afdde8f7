package fr.spie.hub.generate;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes elements one line each, tab-indented like the CAF's files, over a StAX writer (which does not indent). */
final class IndentingXmlWriter {

    private static final String[] INDENTS = new String[16];

    static {
        StringBuilder indent = new StringBuilder("\n");
        for (int i = 0; i < INDENTS.length; i++) {
            INDENTS[i] = indent.toString();
            indent.append('\t');
        }
    }

    private final XMLStreamWriter xml;
    private int depth;

    IndentingXmlWriter(XMLStreamWriter xml) {
        this.xml = xml;
    }

    XMLStreamWriter stax() {
        return xml;
    }

    /** The document element, on its own line after the XML declaration, pointing at its schema like the CAF's files. */
    void openRoot(String name, String schemaLocation) throws XMLStreamException {
        String xsi = "http://www.w3.org/2001/XMLSchema-instance";
        xml.writeCharacters("\n");
        xml.writeStartElement(name);
        xml.writeNamespace("xsi", xsi);
        xml.writeAttribute("xsi", xsi, "noNamespaceSchemaLocation", schemaLocation);
        depth = 1;
    }

    void open(String name) throws XMLStreamException {
        newLine();
        xml.writeStartElement(name);
        depth++;
    }

    void close() throws XMLStreamException {
        depth--;
        newLine();
        xml.writeEndElement();
    }

    void leaf(String name, String text) throws XMLStreamException {
        newLine();
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    void empty(String name) throws XMLStreamException {
        newLine();
        xml.writeEmptyElement(name);
    }

    private void newLine() throws XMLStreamException {
        xml.writeCharacters(INDENTS[Math.min(depth, INDENTS.length - 1)]);
    }
}
