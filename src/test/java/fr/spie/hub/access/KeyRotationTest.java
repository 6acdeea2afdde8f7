package fr.spie.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import fr.spie.hub.partner.ApiKeys;
import fr.spie.hub.partner.PartnerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation without downtime: a partner file lists the SHA-256 of two keys while the partner switches, both open
 * the door; once the old hash is removed, only the new key does. The file never holds a key, only hashes.
 */
class KeyRotationTest {

    private static final String OLD_KEY = "caf-key-2025-" + "a1b2c3";
    private static final String NEW_KEY = "caf-key-2026-" + "d4e5f6";

    @TempDir
    Path folder;

    private ApiKeyAuthenticator authenticatorWith(String... keys) throws Exception {
        String caf = Files.readString(Path.of("config/partners/caf.yaml"));
        StringBuilder hashes = new StringBuilder("  apiKeySha256:\n");
        for (String key : keys) {
            hashes.append("    - ").append(ApiKeys.sha256(key)).append('\n');
        }
        String rotated = caf.replaceFirst("  apiKeySha256:\\n(    - [0-9a-f]{64}\\n)+", hashes.toString());
        assertThat(rotated).doesNotContain(OLD_KEY).doesNotContain(NEW_KEY);
        Path file = folder.resolve("caf-" + keys.length + ".yaml");
        Files.writeString(file, rotated);
        return new ApiKeyAuthenticator(new PartnerRegistry(List.of(PartnerRegistry.read(file))),
                new ApiKeyAuthenticator.AccessKeys(List.of(), List.of(), List.of()));
    }

    @Test
    void duringARotationBothKeysAreValidThenOnlyTheNewOne() throws Exception {
        ApiKeyAuthenticator during = authenticatorWith(OLD_KEY, NEW_KEY);
        assertThat(during.authenticate(OLD_KEY)).hasValue(new Caller(Caller.Role.PARTNER, "caf"));
        assertThat(during.authenticate(NEW_KEY)).hasValue(new Caller(Caller.Role.PARTNER, "caf"));
        assertThat(during.authenticate("demo-caf")).as("the demo key was replaced").isEmpty();

        ApiKeyAuthenticator after = authenticatorWith(NEW_KEY);
        assertThat(after.authenticate(OLD_KEY)).isEmpty();
        assertThat(after.authenticate(NEW_KEY)).hasValue(new Caller(Caller.Role.PARTNER, "caf"));
    }

    @Test
    void aKeyIsComparedThroughItsHashOnlyAndACloseKeyIsRefused() throws Exception {
        ApiKeyAuthenticator authenticator = authenticatorWith(NEW_KEY);
        assertThat(authenticator.authenticate(NEW_KEY.substring(0, NEW_KEY.length() - 1))).isEmpty();
        assertThat(authenticator.authenticate(NEW_KEY + " ")).isEmpty();
        assertThat(authenticator.authenticate(ApiKeys.sha256(NEW_KEY))).as("the hash itself is no key").isEmpty();
        assertThat(authenticator.authenticate("")).isEmpty();
    }
}
