package fr.spie.hub.cli;

import fr.spie.hub.broker.Addresses;
import fr.spie.hub.exchange.Headers;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

/**
 * The hub's end-to-end rate on one flux: from the moment the file lands in the inbox until every accepted household has
 * been read off both recipients' durable queues. The recipients are played by consumers in this process, reading in
 * transactions of a few hundred messages like a partner's client would.
 *
 * @param accepted      households the hub accepted (its report)
 * @param delivered     messages read off the recipients' queues
 * @param duplicates    the same exchange delivered twice to one recipient (-1: too many to keep their ids)
 * @param seconds       from the drop to the last delivery read
 * @param storedSeconds from the drop to the report (every accepted household durably stored)
 * @param expected      accepted × recipients
 * @param cpuSeconds    CPU time the whole process used meanwhile (every thread: hub, broker, database, JIT, GC, the
 *                      recipients' consumers); on a shared machine it varies far less than the elapsed time
 * @param heapPeakBytes the most heap in use seen meanwhile (sampled every 100 ms): what a bounded heap must hold
 */
record EndToEnd(long accepted, long delivered, long duplicates, double seconds, double storedSeconds, long expected,
                double cpuSeconds, long heapPeakBytes) {

    /** Above this (in households of ~6 KB), exchange ids are not kept to look for duplicates (a bounded heap runs a million households). */
    private static final int TRACK_IDS_UP_TO = 200_000;
    /** A delivery pipeline that has stopped moving for this long has lost or dead-lettered something. */
    private static final long STALL_NANOS = 60_000_000_000L;

    double rate() {
        return accepted / seconds;
    }

    boolean complete() {
        return delivered == expected && duplicates <= 0;
    }

    static EndToEnd run(BenchCommand.Hub hub, Path flux, List<String> recipients, PrintStream out) throws Exception {
        List<Drain> drains = new ArrayList<>();
        for (String recipient : recipients) {
            drains.add(new Drain(hub.broker(), Addresses.outbound(recipient), Files.size(flux) < TRACK_IDS_UP_TO * 7_000L));
        }
        drains.forEach(Thread::start);
        HeapWatch heap = new HeapWatch();
        heap.start();

        Path inbox = hub.data().resolve("inbox").resolve("caf");
        Files.createDirectories(inbox);
        // Copied beside the inbox first (a name the inbox ignores), keeping its date: the move is then atomic and the
        // file old enough for the inbox's read lock at once, so the clock measures the hub, not the copy.
        Path staged = hub.data().resolve("inbox").resolve(flux.getFileName() + ".staged");
        Files.copy(flux, staged, StandardCopyOption.COPY_ATTRIBUTES);
        Path report = hub.data().resolve("reports").resolve(flux.getFileName() + ".report.json");

        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        Files.move(staged, inbox.resolve(flux.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        while (!Files.exists(report)) {
            Thread.sleep(20);
        }
        double storedSeconds = (System.nanoTime() - start) / 1e9;
        long accepted = BenchCommand.acceptedIn(report);
        long expected = accepted * recipients.size();
        out.printf(Locale.ROOT, "  flux read and stored in %.1f s: %d households accepted; draining %d deliveries%n",
                storedSeconds, accepted, expected);

        long lastProgress = System.nanoTime();
        long seen = -1;
        while (true) {
            long delivered = drains.stream().mapToLong(d -> d.count.get()).sum();
            if (drains.stream().allMatch(d -> d.count.get() >= accepted)) {
                break;
            }
            if (delivered != seen) {
                seen = delivered;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
                out.printf(Locale.ROOT, "  deliveries stalled at %d of %d%n", delivered, expected);
                break;
            }
            Thread.sleep(20);
        }
        long end = drains.stream().mapToLong(d -> d.lastReceived).max().orElse(System.nanoTime());
        for (Drain drain : drains) {
            drain.finish();
        }
        long delivered = drains.stream().mapToLong(d -> d.count.get()).sum();
        long duplicates = drains.stream().allMatch(d -> d.ids != null)
                ? drains.stream().mapToLong(d -> d.duplicates).sum() : -1;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        heap.interrupt();
        heap.join(1_000);
        return new EndToEnd(accepted, delivered, duplicates, Math.max(end - start, 1) / 1e9, storedSeconds,
                expected, cpuSeconds, heap.peak);
    }

    /** The heap in use, sampled: the peak says whether the run would fit a smaller -Xmx. */
    private static final class HeapWatch extends Thread {
        volatile long peak;

        HeapWatch() {
            super("bench-heap-watch");
            setDaemon(true);
        }

        @Override
        public void run() {
            java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
            while (!isInterrupted()) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** CPU milliseconds per household, all threads of the process. */
    double cpuMillisPerHousehold() {
        return cpuSeconds * 1000 / Math.max(1, accepted);
    }

    /** The rate this CPU cost allows when the process has every core to itself. */
    double rateOnIdleCores() {
        return Runtime.getRuntime().availableProcessors() * 1000 / Math.max(1e-9, cpuMillisPerHousehold());
    }

    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** A recipient reading its queue in transactions of up to 500 messages. */
    private static final class Drain extends Thread {
        final AtomicLong count = new AtomicLong();
        final Set<String> ids;
        volatile long lastReceived = System.nanoTime();
        long duplicates;
        private final ActiveMQConnectionFactory broker;
        private final String queue;
        private volatile boolean running = true;

        Drain(ActiveMQConnectionFactory broker, String queue, boolean trackIds) {
            super("bench-drain-" + queue);
            setDaemon(true);
            this.broker = broker;
            this.queue = queue;
            this.ids = trackIds ? new HashSet<>() : null;
        }

        void finish() throws InterruptedException {
            running = false;
            join(10_000);
        }

        @Override
        public void run() {
            try (Connection connection = broker.createConnection()) {
                connection.start();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
                int inTransaction = 0;
                while (running) {
                    Message message = consumer.receive(100);
                    if (message != null) {
                        if (ids != null) {
                            String id = ((ActiveMQMessage) message).getCoreMessage()
                                    .getStringProperty(Headers.EXCHANGE_ID);
                            if (!ids.add(id)) {
                                duplicates++;
                            }
                        }
                        inTransaction++;
                    }
                    if (inTransaction > 0 && (message == null || inTransaction >= 500)) {
                        session.commit();
                        count.addAndGet(inTransaction);
                        lastReceived = System.nanoTime();
                        inTransaction = 0;
                    }
                }
                if (inTransaction > 0) {
                    session.commit();
                    count.addAndGet(inTransaction);
                }
            } catch (JMSException e) {
                throw new IllegalStateException("Cannot drain " + queue, e);
            }
        }
    }

}
