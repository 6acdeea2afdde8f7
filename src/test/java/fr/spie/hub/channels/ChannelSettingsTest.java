package fr.spie.hub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exponential backoff with jitter, capped: the waits between attempts of a remote channel. */
class ChannelSettingsTest {

    private final ChannelSettings settings = new ChannelSettings(5, Duration.ofSeconds(2), 2.0,
            Duration.ofSeconds(10), 0.2, Duration.ofSeconds(10));

    @Test
    void withoutJitterEachWaitDoublesUpToTheCap() {
        // random 0.5 is the middle of the jitter interval: no spread
        assertThat(settings.backoffAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoffAfter(2, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.backoffAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(settings.backoffAfter(4, 0.5)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterSpreadsAWaitByAtMostItsShare() {
        assertThat(settings.backoffAfter(2, 0.0)).isEqualTo(Duration.ofMillis(3200));
        assertThat(settings.backoffAfter(2, 1.0)).isEqualTo(Duration.ofMillis(4800));
    }
}
