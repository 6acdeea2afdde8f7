package fr.spie.hub.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CAF flux inputs derived at test time from the public specimens, so no NIR is copied into the tests. */
final class CafFluxSamples {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    static final Path SPECIMENS = Path.of("../shared/fixtures/external/carnet-de-bord");
    static final Path XSD = Path.of("schemas/caf/vrsb0801.xsd");
    private static final Pattern HOUSEHOLD = Pattern.compile("<InfosFoyerRSA>.*?</InfosFoyerRSA>", Pattern.DOTALL);

    private final String text;

    private CafFluxSamples(String text) {
        this.text = text;
    }

    static CafFluxSamples specimen(String fileName) {
        try {
            return new CafFluxSamples(Files.readString(SPECIMENS.resolve(fileName), WINDOWS_1252));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CafFluxSamples rsabem() {
        return specimen("RSABEM.xml");
    }

    static XmlRecordFormat cafFormat() {
        return XmlRecordFormat.compile(XSD, "InfosFoyerRSA", WINDOWS_1252);
    }

    String text() {
        return text;
    }

    byte[] bytes() {
        return text.getBytes(WINDOWS_1252);
    }

    List<String> households() {
        List<String> households = new ArrayList<>();
        Matcher matcher = HOUSEHOLD.matcher(text);
        while (matcher.find()) {
            households.add(matcher.group());
        }
        return households;
    }

    /** Everything before the first household: prolog, root start tag, IdentificationFlux. */
    String header() {
        return text.substring(0, text.indexOf("<InfosFoyerRSA>"));
    }

    /** Everything after the last household: TransmissionFlux and the root end tag. */
    String trailer() {
        return text.substring(text.lastIndexOf("</InfosFoyerRSA>") + "</InfosFoyerRSA>".length());
    }

    /** The same flux holding these households instead. */
    CafFluxSamples withHouseholds(List<String> households) {
        return new CafFluxSamples(header() + String.join("\n", households) + trailer());
    }

    /** The same flux with the first occurrence of an element's text replaced. */
    CafFluxSamples withFirst(String element, String newValue) {
        return new CafFluxSamples(replaceFirstValue(text, element, newValue));
    }

    static String replaceFirstValue(String xml, String element, String newValue) {
        return xml.replaceFirst("<" + element + ">[^<]*</" + element + ">",
                Matcher.quoteReplacement("<" + element + ">" + newValue + "</" + element + ">"));
    }

    /** The first text of an element, read from the specimen (to check that it does not leak). */
    String firstValue(String element) {
        Matcher matcher = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(text);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no " + element);
        }
        return matcher.group(1);
    }
}
