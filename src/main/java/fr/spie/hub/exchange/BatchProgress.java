package fr.spie.hub.exchange;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress line an operator watches while a long batch runs: records so far, accepted and rejected, rate, share
 * of the file read and estimated time left, every {@code spie.batch.progress-seconds}. Counts only, never content.
 */
final class BatchProgress {

    private static final Logger log = LoggerFactory.getLogger(BatchProgress.class);

    private final String fileName;
    private final String partner;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long started;
    private long nextLine;
    private int records;
    private int accepted;
    private int rejected;
    private CountingInputStream counted;
    private long totalBytes = -1;
    private String lastLine;

    BatchProgress(String fileName, String partner, long intervalSeconds, LongSupplier nanoClock) {
        this.fileName = fileName;
        this.partner = partner;
        this.intervalNanos = intervalSeconds <= 0 ? Long.MAX_VALUE : intervalSeconds * 1_000_000_000L;
        this.clock = nanoClock;
        this.started = nanoClock.getAsLong();
        this.nextLine = intervalSeconds <= 0 ? Long.MAX_VALUE : started + intervalNanos;
    }

    /**
     * Counts the bytes read from the content, so that the share read gives the time left. A file's stream knows how
     * many bytes remain ({@code available()} of a file or channel stream); any other gives the rate only.
     */
    InputStream watch(InputStream content) {
        try {
            int available = content.available();
            totalBytes = available > 1 ? available : -1;
        } catch (IOException e) {
            totalBytes = -1;
        }
        counted = new CountingInputStream(content);
        return counted;
    }

    /** One record done; logs a line when the interval has passed. */
    void record(MessageInTransit.Status status) {
        records++;
        if (status == MessageInTransit.Status.ACCEPTED) {
            accepted++;
        } else if (status == MessageInTransit.Status.REJECTED) {
            rejected++;
        }
        long now = clock.getAsLong();
        if (now >= nextLine) {
            nextLine = now + intervalNanos;
            lastLine = line(now);
            log.info(lastLine);
        }
    }

    /** The last line logged, if any (for tests). */
    String lastLine() {
        return lastLine;
    }

    String line(long now) {
        double seconds = Math.max((now - started) / 1e9, 1e-9);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "Batch %s from %s in progress: %,d records (%,d accepted, %,d rejected), %.0f records/s", fileName,
                partner, records, accepted, rejected, records / seconds));
        if (totalBytes > 0 && counted != null && counted.count > 0) {
            double share = Math.min(1.0, (double) counted.count / totalBytes);
            double left = seconds * (1 - share) / share;
            text.append(String.format(Locale.ROOT, ", %.0f%% read, about %s left", share * 100, duration(left)));
        }
        return text.toString();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 90) {
            return s + " s";
        }
        if (s < 5400) {
            return Math.round(s / 60.0) + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }

    private static final class CountingInputStream extends FilterInputStream {

        private volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
