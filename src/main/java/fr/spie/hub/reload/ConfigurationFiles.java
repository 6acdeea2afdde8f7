package fr.spie.hub.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the extension folders hold at one moment: every file under {@code routes/}, {@code mappings/},
 * {@code schemas/} and {@code config/partners/} with its size and modification time. Two snapshots tell which files
 * changed; polling them (rather than a file-system watch) behaves the same on every system and on network mounts.
 */
record ConfigurationFiles(Map<String, Stamp> files) {

    /** The folders an integrator edits, relative to the hub's home. */
    static final List<String> FOLDERS = List.of("routes", "mappings", "schemas", "config/partners");

    record Stamp(long size, long modifiedMillis) {
    }

    static ConfigurationFiles of(Path home) {
        Map<String, Stamp> files = new TreeMap<>();
        for (String folder : FOLDERS) {
            Path dir = home.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path file : walk.toList()) {
                    BasicFileAttributes attributes;
                    try {
                        attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    } catch (IOException vanished) {
                        continue; // deleted while listed: the next snapshot tells
                    }
                    String name = file.getFileName().toString();
                    if (attributes.isRegularFile() && !name.startsWith(".") && !name.endsWith("~")) {
                        files.put(home.relativize(file).toString().replace('\\', '/'),
                                new Stamp(attributes.size(), attributes.lastModifiedTime().toMillis()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            } catch (UncheckedIOException e) {
                // a folder removed while walked: the next snapshot tells
            }
        }
        return new ConfigurationFiles(Map.copyOf(files));
    }

    /** The files added, removed or modified since {@code before}, sorted. */
    Set<String> changedSince(ConfigurationFiles before) {
        Set<String> changed = new TreeSet<>();
        files.forEach((file, stamp) -> {
            if (!Objects.equals(before.files.get(file), stamp)) {
                changed.add(file);
            }
        });
        before.files.keySet().stream().filter(f -> !files.containsKey(f)).forEach(changed::add);
        return changed;
    }
}
