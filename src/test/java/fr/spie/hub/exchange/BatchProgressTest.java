package fr.spie.hub.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line of a long batch: records, outcomes, rate, share read and time left, at most once per interval. */
class BatchProgressTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void a_line_every_interval_with_records_rate_share_read_and_time_left() throws Exception {
        BatchProgress progress = new BatchProgress("RSABEM.xml", "caf", 10, now::get);
        InputStream content = progress.watch(new ByteArrayInputStream(new byte[1000]));
        content.readNBytes(250);
        for (int i = 0; i < 99; i++) {
            progress.record(MessageInTransit.Status.ACCEPTED);
        }
        progress.record(MessageInTransit.Status.REJECTED);
        assertThat(progress.lastLine()).as("nothing before the interval").isNull();

        now.addAndGet(10_000_000_000L); // 10 s later: 250 of 1000 bytes read
        progress.record(MessageInTransit.Status.ACCEPTED);
        assertThat(progress.lastLine()).isEqualTo("Batch RSABEM.xml from caf in progress: 101 records (100 accepted,"
                + " 1 rejected), 10 records/s, 25% read, about 30 s left");

        now.addAndGet(1_000_000_000L);
        String previous = progress.lastLine();
        progress.record(MessageInTransit.Status.ACCEPTED);
        assertThat(progress.lastLine()).as("at most one line per interval").isSameAs(previous);
    }

    @Test
    void without_a_known_size_the_line_gives_the_rate_only_and_zero_seconds_means_never() throws Exception {
        InputStream unknownSize = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        BatchProgress progress = new BatchProgress("extract.csv", "france-travail", 5, now::get);
        progress.watch(unknownSize).readNBytes(10);
        now.addAndGet(5_000_000_000L);
        progress.record(MessageInTransit.Status.ACCEPTED);
        assertThat(progress.lastLine()).endsWith("1 records (1 accepted, 0 rejected), 0 records/s");

        BatchProgress silent = new BatchProgress("f.csv", "caf", 0, now::get);
        now.addAndGet(3_600_000_000_000L);
        silent.record(MessageInTransit.Status.ACCEPTED);
        assertThat(silent.lastLine()).isNull();
    }
}
