package fr.spie.hub.partner;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The partners declared in files, one {@code <id>.yaml} per partner: the hub knows no partner in Java. */
public final class PartnerRegistry {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    // Replaced whole by a hot reload of config/partners/ (replaceWith): every bean holding the registry sees it.
    private volatile Map<String, Partner> partners;

    public PartnerRegistry(Collection<Partner> partners) {
        Map<String, Partner> byId = new LinkedHashMap<>();
        partners.forEach(p -> byId.put(p.id(), p));
        this.partners = Map.copyOf(byId);
    }

    /** Reads every {@code *.yaml} of the folder; a file that does not parse fails with its name. */
    public static PartnerRegistry load(Path folder) {
        List<Partner> loaded = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                loaded.add(read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read partner files in " + folder, e);
        }
        return new PartnerRegistry(loaded);
    }

    public static Partner read(Path file) {
        try {
            return YAML.readValue(file.toFile(), Partner.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Partner file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    /** Takes the partners of a registry freshly loaded and checked: the hot reload's switch. */
    public void replaceWith(PartnerRegistry loaded) {
        this.partners = loaded.partners;
    }

    public Optional<Partner> find(String id) {
        return Optional.ofNullable(partners.get(id));
    }

    public Collection<Partner> all() {
        return partners.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    /** The partners subscribed to an event type, in id order. */
    public List<Partner> subscribersOf(String eventType) {
        return all().stream().filter(p -> p.subscriptionTo(eventType).isPresent()).toList();
    }
}
