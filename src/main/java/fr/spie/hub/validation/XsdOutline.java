package fr.spie.hub.validation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What the record reader needs to know about an XSD beyond validation: which element names repeat (so they are always
 * JSON arrays), which global elements may hold the records (the allowed roots) and which of their children are required.
 * Only the one XSD file is read (no xsd:include / xsd:import), which is all the CAF flux needs.
 */
record XsdOutline(Set<String> repeatableNames, Set<String> globalNames, Set<String> rootNames,
                  Set<String> requiredTopLevelNames) {

    private static final String XSD_NS = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    static XsdOutline read(Path xsd, String recordElement) {
        Element schema = parse(xsd).getDocumentElement();
        Set<String> repeatable = new HashSet<>();
        Set<String> globals = new LinkedHashSet<>();
        Set<String> roots = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        NodeList elements = schema.getElementsByTagNameNS(XSD_NS, "element");
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            String name = declaredName(element);
            if (repeats(element)) {
                repeatable.add(name);
            }
            if (element.getParentNode() == schema) {
                globals.add(name);
            }
        }
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            if (recordElement.equals(element.getAttribute("ref")) || isLocalDeclarationOf(element, recordElement)) {
                Element owner = globalOwner(element, schema);
                if (owner != null) {
                    roots.add(owner.getAttribute("name"));
                    required.addAll(requiredChildren(owner));
                }
            }
        }
        return new XsdOutline(Set.copyOf(repeatable), Set.copyOf(globals), Set.copyOf(roots), Set.copyOf(required));
    }

    boolean isRepeatable(String elementName) {
        return repeatableNames.contains(elementName);
    }

    private static boolean isLocalDeclarationOf(Element element, String name) {
        return name.equals(element.getAttribute("name")) && !(element.getParentNode() instanceof Document)
                && !"schema".equals(element.getParentNode().getLocalName());
    }

    private static String declaredName(Element element) {
        String ref = element.getAttribute("ref");
        String name = ref.isEmpty() ? element.getAttribute("name") : ref;
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(colon + 1);
    }

    /** maxOccurs on the element itself or on an enclosing sequence/choice within the same type both make it repeat. */
    private static boolean repeats(Element element) {
        for (Node node = element; node instanceof Element current; node = node.getParentNode()) {
            if (current != element && "element".equals(current.getLocalName())) {
                return false;
            }
            if (manyOccurrences(current.getAttribute("maxOccurs"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean manyOccurrences(String maxOccurs) {
        if (maxOccurs.isEmpty()) {
            return false;
        }
        return "unbounded".equals(maxOccurs) || Long.parseLong(maxOccurs.trim()) > 1;
    }

    private static Element globalOwner(Element element, Element schema) {
        Node node = element.getParentNode();
        while (node instanceof Element current && current.getParentNode() != schema) {
            node = current.getParentNode();
        }
        return node instanceof Element owner && "element".equals(owner.getLocalName()) ? owner : null;
    }

    /** Direct child declarations of a root (through its sequences) that must occur at least once. */
    private static Set<String> requiredChildren(Element root) {
        Set<String> required = new LinkedHashSet<>();
        NodeList children = root.getElementsByTagNameNS(XSD_NS, "element");
        for (int i = 0; i < children.getLength(); i++) {
            Element child = (Element) children.item(i);
            if (globalOwner(child, (Element) root.getParentNode()) == root && isDirectChild(child, root)
                    && !"0".equals(child.getAttribute("minOccurs").trim())) {
                required.add(declaredName(child));
            }
        }
        return required;
    }

    private static boolean isDirectChild(Element child, Element root) {
        for (Node node = child.getParentNode(); node != root; node = node.getParentNode()) {
            String local = node.getLocalName();
            if ("element".equals(local) || "choice".equals(local)
                    || !((Element) node).getAttribute("minOccurs").trim().matches("|[1-9][0-9]*")) {
                return false;
            }
        }
        return true;
    }

    private static Document parse(Path xsd) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(xsd.toFile());
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("cannot read XSD " + xsd + ": " + e.getMessage(), e);
        }
    }
}
