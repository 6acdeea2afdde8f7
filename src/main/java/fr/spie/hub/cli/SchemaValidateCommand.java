package fr.spie.hub.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import fr.spie.hub.validation.CsvRecordFormat;
import fr.spie.hub.validation.DiagnosticsTranslation;
import fr.spie.hub.validation.JsonSchemaValidator;
import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.Issue;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import fr.spie.hub.validation.OperationOutcome.Severity;
import fr.spie.hub.validation.RecordStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * {@code schema validate <schema> <file>}: checks a file against a partner's or the canonical schema and prints the
 * OperationOutcome the hub would answer. A JSON Schema takes a JSON document or, for CSV formats (one JSON Schema per
 * row), a CSV file; an XSD takes an XML document.
 */
final class SchemaValidateCommand implements CommandLine.Command {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String usage() {
        return "schema validate <schema.json|schema.xsd> <file.json|file.csv|file.xml> [--delimiter C] [--null TEXT] [--lang fr|en]";
    }

    @Override
    public String help() {
        return """
                Validates the file against the schema and prints the OperationOutcome (FHIR shape: severity, code,
                expression, diagnostics) as the hub would answer it. Exit 0 when the file is valid (warnings allowed),
                1 when an issue is an error. JSON Schema (draft-07) for .json files, and for .csv files row by row
                (delimiter ';' unless --delimiter says otherwise, as France Travail and the Département send them;
                --null NULL when a cell reading NULL means empty, as in France Travail's extract);
                XSD for .xml files (issues name the line and column). Diagnostics in French with --lang fr (the
                default when LANG is French), in English with --lang en.
                  java -jar spie-hub.jar schema validate schemas/departement/orientation.schema.json my-message.json""";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || !args[0].equals("validate")) {
            throw new IllegalArgumentException("schema needs a sub-command: only 'validate' is known"
                    + (args.length == 0 ? "" : ", got '" + args[0] + "'"));
        }
        List<String> positional = new ArrayList<>();
        char delimiter = ';';
        String nullValue = null;
        String language = defaultLanguage(System.getenv("LANG"));
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--delimiter")) {
                if (i + 1 >= args.length || args[i + 1].length() != 1) {
                    throw new IllegalArgumentException("--delimiter needs one character");
                }
                delimiter = args[++i].charAt(0);
            } else if (args[i].equals("--lang")) {
                if (i + 1 >= args.length || !List.of("fr", "en").contains(args[i + 1])) {
                    throw new IllegalArgumentException("--lang takes fr or en");
                }
                language = args[++i];
            } else if (args[i].equals("--null")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--null needs the text that means an empty cell, e.g. NULL");
                }
                nullValue = args[++i];
            } else if (args[i].startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() != 2) {
            throw new IllegalArgumentException("schema validate needs a schema and a file, got " + positional.size()
                    + " argument(s)");
        }
        Path schema = existing(positional.get(0), "schema");
        Path file = existing(positional.get(1), null);
        String schemaName = schema.getFileName().toString().toLowerCase(Locale.ROOT);
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);

        OperationOutcome outcome;
        if (schemaName.endsWith(".xsd")) {
            outcome = validateXml(schema, file);
        } else if (schemaName.endsWith(".json")) {
            JsonSchemaValidator validator = JsonSchemaValidator.load(schema);
            outcome = fileName.endsWith(".csv") ? validateCsv(schema, file, delimiter, nullValue) : validateJson(validator, file);
        } else {
            throw new IllegalArgumentException("the schema must be a JSON Schema (.json) or an XSD (.xsd): " + schema);
        }
        if (language.equals("fr")) {
            outcome = DiagnosticsTranslation.french().translate(outcome);
        }
        out.println(JSON.writeValueAsString(outcome));
        long errors = outcome.issue().stream()
                .filter(i -> i.severity() == Severity.ERROR || i.severity() == Severity.FATAL).count();
        err.println(file.getFileName() + (errors == 0 ? " is valid against " : " has " + errors
                + " error(s) against ") + schema.getFileName()
                + (outcome.warnings().isEmpty() ? "" : " (" + outcome.warnings().size() + " warning(s))"));
        return errors == 0 ? CommandLine.OK : CommandLine.FAILURES;
    }

    /** The diagnostics' language: French in a French session ({@code LANG=fr_FR.UTF-8}), English otherwise. */
    static String defaultLanguage(String lang) {
        return lang != null && lang.toLowerCase(Locale.ROOT).startsWith("fr") ? "fr" : "en";
    }

    private static Path existing(String name, String what) {
        Path path = Path.of(name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such " + (what == null ? "" : what + " ") + "file: " + name);
        }
        return path;
    }

    private static OperationOutcome validateJson(JsonSchemaValidator validator, Path file) throws Exception {
        JsonNode document;
        try {
            document = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            return OperationOutcome.error(IssueType.STRUCTURE, "line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr(), "not JSON: " + e.getOriginalMessage());
        }
        if (document == null) {
            return OperationOutcome.error(IssueType.STRUCTURE, null, "the file is empty");
        }
        return validator.validate(document);
    }

    private static OperationOutcome validateCsv(Path schema, Path file, char delimiter, String nullValue) throws Exception {
        CsvRecordFormat format = CsvRecordFormat.compile(schema, delimiter, nullValue, StandardCharsets.UTF_8);
        OperationOutcome outcome = OperationOutcome.ok();
        try (InputStream in = Files.newInputStream(file); RecordStream rows = format.open(in)) {
            while (rows.hasNext()) {
                outcome = outcome.and(rows.next().outcome());
            }
            outcome = outcome.and(rows.documentOutcome());
        }
        return outcome;
    }

    /** The whole document against the XSD, with external entities and DTDs refused as the hub refuses them. */
    private static OperationOutcome validateXml(Path xsd, Path file) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        Schema schema = factory.newSchema(xsd.toFile());
        Validator validator = schema.newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        List<Issue> issues = new ArrayList<>();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                issues.add(issue(Severity.WARNING, e));
            }

            @Override
            public void error(SAXParseException e) {
                issues.add(issue(Severity.ERROR, e));
            }

            @Override
            public void fatalError(SAXParseException e) {
                issues.add(issue(Severity.FATAL, e));
            }
        });
        try {
            validator.validate(new StreamSource(file.toFile()));
        } catch (SAXException e) {
            if (issues.isEmpty()) {
                issues.add(Issue.fatal(IssueType.STRUCTURE, null, e.getMessage()));
            }
        }
        return new OperationOutcome(issues);
    }

    private static Issue issue(Severity severity, SAXParseException e) {
        String message = e.getMessage() == null ? "invalid" : e.getMessage();
        IssueType code = message.startsWith("cvc-") ? IssueType.INVALID : IssueType.STRUCTURE;
        return new Issue(severity, code, List.of("line " + e.getLineNumber() + ", column " + e.getColumnNumber()),
                message);
    }
}
