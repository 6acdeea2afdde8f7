package fr.spie.hub.reload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code spie.reload.*}: whether the hub watches its extension folders while it runs.
 *
 * @param enabled    off where files are deployed only with a restart (an immutable container image)
 * @param pollMillis how often the folders are compared; an edit is applied once two polls see the same files
 */
@ConfigurationProperties(prefix = "spie.reload")
public record ReloadProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1000") long pollMillis) {
}
