package fr.spie.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The mappings and code tables under the hub's home, loaded on first use and cached: mappings by path, code tables
 * by partner ({@code mappings/<partner>/codes/*.json} over {@code mappings/common/codes/*.json}).
 */
public final class MappingCatalog {

    /** Code tables shared by every partner, e.g. the INSEE sex codes. */
    public static final String COMMON = "common";
    /** Folder name of a partner's code tables, next to its mapping folders. */
    public static final String CODES = "codes";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    // Swapped whole by a hot reload (replaceWith), never edited in place: a lookup sees the old or the new set.
    private volatile Map<String, JsonataMapping> mappings = new ConcurrentHashMap<>();
    private volatile Map<String, Map<String, Map<String, String>>> codesByPartner = new ConcurrentHashMap<>();

    /** @param home the hub's home: paths in partner files ({@code mappings/caf/...}) are relative to it */
    public MappingCatalog(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /** The catalog of the working directory, where the hub runs by default. */
    public static MappingCatalog ofWorkingDirectory() {
        return new MappingCatalog(Path.of(""));
    }

    public Path home() {
        return home;
    }

    /** A path of a partner file, resolved against the home. */
    public Path resolve(String relativePath) {
        return home.resolve(relativePath).normalize();
    }

    /** The compiled mapping at this path (relative to the home), compiled on first use. */
    public JsonataMapping mapping(String path) {
        return mappings.computeIfAbsent(path, p -> {
            Path file = resolve(p);
            if (!Files.isRegularFile(file)) {
                throw new MappingException(p, "no such mapping file");
            }
            return JsonataMapping.load(file, p);
        });
    }

    /** The code tables a partner's mappings see as {@code $codes}: its own tables override the common ones. */
    public Map<String, Map<String, String>> codes(String partner) {
        return codesByPartner.computeIfAbsent(partner, p -> {
            Map<String, Map<String, String>> tables = new LinkedHashMap<>(readTables(COMMON));
            tables.putAll(readTables(p));
            return Map.copyOf(tables);
        });
    }

    /**
     * Compiles every {@code *.jsonata} file under {@code mappings/} and reads every code table, so that a catalog
     * about to replace the running one is known to be whole.
     *
     * @return one readable line per file that does not load (path: reason); empty when everything loads
     */
    public List<String> loadAll() {
        List<String> problems = new java.util.ArrayList<>();
        Path root = home.resolve("mappings");
        if (!Files.isDirectory(root)) {
            return problems;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of("mappings/: cannot be listed: " + e.getMessage());
        }
        for (Path file : files) {
            String relative = home.relativize(file).toString().replace('\\', '/');
            try {
                if (relative.endsWith(".jsonata")) {
                    mapping(relative);
                } else if (file.getParent().getFileName().toString().equals(CODES) && relative.endsWith(".json")) {
                    readTable(file);
                }
            } catch (RuntimeException e) {
                String reason = String.valueOf(e.getMessage());
                problems.add(reason.startsWith(relative) ? reason : relative + ": " + reason);
            }
        }
        try (Stream<Path> partners = Files.list(root)) {
            for (Path partner : partners.filter(Files::isDirectory).sorted().toList()) {
                try {
                    codes(partner.getFileName().toString());
                } catch (RuntimeException e) {
                    // already reported per file above
                }
            }
        } catch (IOException e) {
            problems.add("mappings/: cannot be listed: " + e.getMessage());
        }
        return problems;
    }

    /** Takes the mappings and code tables of a catalog loaded with {@link #loadAll()}: the hot reload's switch. */
    public void replaceWith(MappingCatalog loaded) {
        this.mappings = loaded.mappings;
        this.codesByPartner = loaded.codesByPartner;
    }

    /** The partner of a mapping path {@code mappings/<partner>/...}, whose code tables it uses. */
    public static String partnerOf(String mappingPath) {
        Path path = Path.of(mappingPath).normalize();
        if (path.getNameCount() < 3 || !path.getName(0).toString().equals("mappings")) {
            throw new IllegalArgumentException("a mapping lives under mappings/<partner>/: " + mappingPath);
        }
        return path.getName(1).toString();
    }

    /** Applies the mapping at this path with its partner's code tables bound as {@code $codes}. */
    public JsonNode apply(String mappingPath, JsonNode input, JsonNode header, String messageType, String exchangeId,
                          String receivedAt) {
        String partner = partnerOf(mappingPath);
        MappingContext context = MappingContext.of(codes(partner), header, partner, messageType, exchangeId, receivedAt);
        return mapping(mappingPath).apply(input, context);
    }

    private Map<String, Map<String, String>> readTables(String folder) {
        Path dir = home.resolve("mappings").resolve(folder).resolve(CODES);
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return tables;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list the code tables in " + dir, e);
        }
        for (Path file : files) {
            String table = file.getFileName().toString().replaceFirst("\\.json$", "");
            tables.put(table, readTable(file));
        }
        return tables;
    }

    /** A code table is a flat JSON object: code → label, both strings. */
    static Map<String, String> readTable(Path file) {
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Code table " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalStateException("Code table " + file + " must be a JSON object {code: label}");
        }
        Map<String, String> table = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new IllegalStateException("Code table " + file + ": the label of " + field.getKey()
                        + " must be a string");
            }
            table.put(field.getKey(), field.getValue().textValue());
        }
        return Map.copyOf(table);
    }
}
