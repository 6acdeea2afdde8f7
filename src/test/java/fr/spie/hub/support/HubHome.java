package fr.spie.hub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A hub home of its own: the repository's routes/, schemas/, mappings/ and config/, copied to a folder. */
public final class HubHome {

    /** The folders the hub reads from its home. */
    public static final List<String> FOLDERS = List.of("routes", "schemas", "mappings", "config");

    private HubHome() {
    }

    /** A fresh temporary copy of the repository's hub files. */
    public static Path copyOfRepository() {
        try {
            return copyOfRepository(Files.createTempDirectory("spie-hub-home-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts the example partner files (config/examples/partners/, the same partners with remote channels: webhook,
     * SOAP) in place of the shipped ones in {@code home}; returns it.
     */
    public static Path withExampleChannels(Path home) {
        try (Stream<Path> examples = Files.list(home.resolve("config/examples/partners"))) {
            for (Path example : examples.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(example, home.resolve("config/partners").resolve(example.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the example partner files in " + home, e);
        }
    }

    /** Copies the repository's hub files into {@code target}; returns it. */
    public static Path copyOfRepository(Path target) {
        try {
            for (String folder : FOLDERS) {
                Path source = Path.of(folder);
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path file : files.toList()) {
                        Path copy = target.resolve(folder).resolve(source.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(copy);
                        } else {
                            Files.copy(file, copy);
                        }
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the hub's files to " + target, e);
        }
    }
}
