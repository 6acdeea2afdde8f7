package fr.spie.hub.reload;

import fr.spie.hub.canonical.CanonicalEvent;
import fr.spie.hub.mapping.MappingCatalog;
import fr.spie.hub.partner.Partner;
import fr.spie.hub.partner.PartnerRegistry;
import fr.spie.hub.validation.JsonSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.validation.SchemaFactory;

/**
 * Loads the extension files of a hub home into fresh objects, without touching the running ones, and lists every
 * problem: a partner file that does not parse or names a file that does not exist, a mapping that does not compile,
 * a code table or a schema that does not load. Only a candidate without problems replaces what runs.
 */
final class ConfigurationCheck {

    /** What a reload would switch to, and why it may not. */
    record Candidate(PartnerRegistry partners, MappingCatalog mappings, JsonSchemas schemas, List<String> problems) {

        boolean acceptable() {
            return problems.isEmpty();
        }
    }

    private ConfigurationCheck() {
    }

    static Candidate load(Path home) {
        List<String> problems = new ArrayList<>();
        PartnerRegistry partners = loadPartners(home, problems);
        MappingCatalog mappings = new MappingCatalog(home);
        problems.addAll(mappings.loadAll());
        JsonSchemas schemas = new JsonSchemas();
        loadSchemas(home, schemas, problems);
        if (partners != null) {
            checkReferences(home, partners, problems);
        }
        return new Candidate(partners, mappings, schemas, List.copyOf(problems));
    }

    private static PartnerRegistry loadPartners(Path home, List<String> problems) {
        Path folder = home.resolve("config/partners");
        List<Partner> partners = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String name = home.relativize(file).toString().replace('\\', '/');
                try {
                    Partner partner = PartnerRegistry.read(file);
                    String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
                    if (partner.id() == null || !partner.id().equals(expected)) {
                        problems.add(name + ": id must be '" + expected + "' (the file name), got '" + partner.id()
                                + "'");
                    } else {
                        partners.add(partner);
                    }
                } catch (RuntimeException e) {
                    problems.add(name + ": " + yamlProblem(e));
                }
            }
        } catch (IOException e) {
            problems.add("config/partners/: cannot be listed: " + e.getMessage());
            return null;
        }
        return new PartnerRegistry(partners);
    }

    private static void loadSchemas(Path home, JsonSchemas schemas, List<String> problems) {
        Path root = home.resolve("schemas");
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            problems.add("schemas/: cannot be listed: " + e.getMessage());
            return;
        }
        SchemaFactory xsd = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        for (Path file : files) {
            String name = home.relativize(file).toString().replace('\\', '/');
            try {
                if (name.endsWith(".json")) {
                    schemas.validator(file);
                } else if (name.endsWith(".xsd")) {
                    xsd.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                    xsd.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
                    xsd.newSchema(file.toFile());
                }
            } catch (Exception e) {
                problems.add(name + ": " + firstLine(rootMessage(e)));
            }
        }
    }

    /** Every file a partner file names must exist: a typo would only show with the first message otherwise. */
    private static void checkReferences(Path home, PartnerRegistry partners, List<String> problems) {
        for (Partner partner : partners.all()) {
            String file = "config/partners/" + partner.id() + ".yaml";
            for (Partner.InboundMessageType in : partner.inbound().stream().flatMap(t -> t.forms().stream()).toList()) {
                exists(home, file, "inbound " + in.messageType() + " schema", in.schema(), problems);
                exists(home, file, "inbound " + in.messageType() + " mapping", in.mapping(), problems);
                if (in.eventType() != null) {
                    exists(home, file, "event type " + in.eventType(),
                            "schemas/canonical/" + CanonicalEvent.shortName(in.eventType()) + ".schema.json", problems);
                }
            }
            partner.inbound().forEach(in -> in.declarationProblems().forEach(p -> problems.add(file + ": " + p)));
            for (Partner.Subscription sub : partner.subscriptions()) {
                exists(home, file, "subscription " + sub.messageType() + " schema", sub.schema(), problems);
                exists(home, file, "subscription " + sub.messageType() + " mapping", sub.mapping(), problems);
            }
        }
    }

    private static void exists(Path home, String partnerFile, String what, String path, List<String> problems) {
        if (path != null && !Files.isRegularFile(home.resolve(path))) {
            problems.add(partnerFile + ": " + what + " names " + path + ", which does not exist");
        }
    }

    /** Jackson's reason and where in the file, without the Java noise around it. */
    private static String yamlProblem(RuntimeException e) {
        if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException parsing) {
            String where = parsing.getLocation() == null ? "" : " (line " + parsing.getLocation().getLineNr()
                    + ", column " + parsing.getLocation().getColumnNr() + ")";
            return firstLine(parsing.getOriginalMessage()) + where;
        }
        return firstLine(e.getMessage());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
