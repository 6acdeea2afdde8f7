package fr.spie.hub.audit;

import fr.spie.hub.audit.AuditChain.ChainedEvent;
import fr.spie.hub.audit.AuditChain.Checkpoint;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit journal: append-only, hash-chained, signed at intervals. One writer thread owns the chain: callers hand it
 * their events and wait until they are committed (a step is journaled before the broker commit that follows it), and
 * the writer takes whatever has queued meanwhile into one transaction of batch inserts, so that many callers share a
 * commit and auditing is never the bottleneck. One writer per database: two hubs on one database would fork the chain.
 */
@Component
public class AuditJournal {

    private static final Logger log = LoggerFactory.getLogger(AuditJournal.class);

    private static final String INSERT = """
            INSERT INTO audit_event (seq, prev_hash, event_hash, recorded_at, exchange_id, correlation_id, step, outcome,
                                     sender, recipient, message_type, subject, purpose, payload_sha256, detail, persons,
                                     data_categories)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String INSERT_PERSON = "INSERT INTO audit_person (subject, exchange_id, seq) VALUES (?, ?, ?)";

    private static final String INSERT_CHECKPOINT = """
            INSERT INTO audit_checkpoint (seq, event_hash, signed_at, public_key, signature) VALUES (?, ?, ?, ?, ?)""";

    private static final String LOCK_HEAD = "SELECT seq, event_hash FROM audit_head WHERE id = 1 FOR UPDATE";

    private static final String UPDATE_HEAD = "UPDATE audit_head SET seq = ?, event_hash = ? WHERE id = 1";

    private static final String LAST_CHECKPOINT = "SELECT MAX(seq) FROM audit_checkpoint";

    /** How long the writer keeps one pooled connection and its prepared statements before taking a fresh one. */
    private static final long HOLD_CONNECTION_MILLIS = 60_000;

    private static final int MAX_DETAIL = 8000;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final AuditRecords records;
    private final AuditSigner signer;
    private final AuditProperties settings;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private boolean ready;

    // Owned by the writer thread once started.
    private final java.security.MessageDigest digest = AuditChain.sha256();
    private long headSeq;
    private String headHash = AuditChain.GENESIS;
    private long checkpointSeq;
    private long checkpointMillis = System.currentTimeMillis();
    private Statements statements;

    /** Takes Boot's JdbcTemplate rather than the DataSource: that makes it wait for the Flyway migrations. */
    @Autowired
    public AuditJournal(JdbcTemplate jdbc, AuditProperties settings) {
        this(jdbc.getDataSource(), settings, AuditSigner.fromPrivateKey(settings.signingKey()));
    }

    public AuditJournal(DataSource dataSource, AuditProperties settings, AuditSigner signer) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.records = new AuditRecords(jdbc);
        this.settings = settings;
        this.signer = signer;
        writer = new Thread(this::writeLoop, "audit-journal-writer");
        writer.setDaemon(true);
        writer.start();
    }

    public AuditSigner signer() {
        return signer;
    }

    /** Appends the events and returns once they are committed, chained after every event appended before. */
    public void append(Collection<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        await(submit(new Pending(List.copyOf(events), false)));
    }

    /** Signs the current head now (an export ends with one, so that all of it is covered by a signature). */
    public Optional<Checkpoint> checkpoint() {
        Pending pending = new Pending(List.of(), true);
        await(submit(pending));
        return latestCheckpoint();
    }

    private Pending submit(Pending pending) {
        if (!running) {
            throw new IllegalStateException("The audit journal is closed");
        }
        queue.add(pending);
        return pending;
    }

    private static void await(Pending pending) {
        try {
            pending.done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("The audit journal could not write", e.getCause());
        }
    }

    private record Pending(List<AuditEvent> events, boolean checkpoint, CompletableFuture<Void> done) {
        Pending(List<AuditEvent> events, boolean checkpoint) {
            this(events, checkpoint, new CompletableFuture<>());
        }
    }

    /**
     * The head is read by the writer, not at construction: the hub starts even when its database is down (resilience,
     * DatabaseMigrations), and the journal takes up its chain once the database answers. Meanwhile appends fail.
     */
    private boolean ready() throws InterruptedException {
        if (ready) {
            return true;
        }
        try {
            loadHead();
            chainUnchainedRows();
            publishHead();
            ready = true;
            return true;
        } catch (RuntimeException e) {
            RuntimeException unavailable = new IllegalStateException("The audit journal's database is unavailable", e);
            Pending waiting;
            while ((waiting = queue.poll()) != null) {
                waiting.done.completeExceptionally(unavailable);
            }
            Thread.sleep(1000);
            return false;
        }
    }

    private void writeLoop() {
        try {
            writeUntilClosed();
        } finally {
            closeStatements();
        }
    }

    private void writeUntilClosed() {
        while (running || !queue.isEmpty()) {
            try {
                if (!ready()) {
                    continue;
                }
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (statements != null && System.currentTimeMillis() - statements.since > HOLD_CONNECTION_MILLIS) {
                        closeStatements(); // idle: the pool has its connection back
                    }
                    if (headSeq > checkpointSeq && System.currentTimeMillis() - checkpointMillis
                            >= settings.checkpointSeconds() * 1000L) {
                        write(List.of(), true);
                    }
                    continue;
                }
                List<Pending> group = new ArrayList<>();
                group.add(first);
                int size = first.events.size();
                Pending next;
                while (size < settings.maxBatch() && (next = queue.poll()) != null) {
                    group.add(next);
                    size += next.events.size();
                }
                List<AuditEvent> events = new ArrayList<>(size);
                boolean checkpoint = false;
                for (Pending p : group) {
                    events.addAll(p.events);
                    checkpoint |= p.checkpoint;
                }
                try {
                    write(events, checkpoint);
                    group.forEach(p -> p.done.complete(null));
                } catch (RuntimeException | SQLException e) {
                    log.error("Audit journal write failed: {}", e.getClass().getName());
                    log.debug("Audit journal write failure", e);
                    group.forEach(p -> p.done.completeExceptionally(e));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException e) {
                log.error("Audit checkpoint failed: {}", e.getClass().getName());
            } catch (RuntimeException e) {
                log.error("Audit journal writer: {}", e.getClass().getName());
            }
        }
    }

    /**
     * One transaction: the head locked, the events in order, their person index, the new head, and a checkpoint
     * when one is due. The head is read from the database, not from memory, so that writers sharing it take turns.
     */
    private void write(List<AuditEvent> events, boolean forceCheckpoint) throws SQLException {
        Statements st = statements();
        Connection connection = st.connection;
        boolean written = false;
        try {
            long seq;
            String hash;
            try (var rs = st.lockHead.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("audit_head has no row");
                }
                seq = rs.getLong(1);
                hash = rs.getString(2);
            }
            long lastCheckpoint;
            try (var rs = st.lastCheckpoint.executeQuery()) {
                rs.next();
                lastCheckpoint = rs.getLong(1);
            }
            boolean anyPerson = false;
            for (AuditEvent raw : events) {
                AuditEvent event = storable(raw);
                seq++;
                String previous = hash;
                hash = AuditChain.hash(digest, previous, seq, event);
                bind(st.insert, seq, previous, hash, event);
                st.insert.addBatch();
                for (String person : event.persons()) {
                    st.persons.setString(1, person);
                    st.persons.setString(2, event.exchangeId());
                    st.persons.setLong(3, seq);
                    st.persons.addBatch();
                    anyPerson = true;
                }
            }
            if (!events.isEmpty()) {
                st.insert.executeBatch();
                st.updateHead.setLong(1, seq);
                st.updateHead.setString(2, hash);
                st.updateHead.executeUpdate();
            }
            if (anyPerson) {
                st.persons.executeBatch();
            }
            boolean due = seq > lastCheckpoint && (forceCheckpoint || seq - lastCheckpoint
                    >= settings.checkpointEvery() || System.currentTimeMillis() - checkpointMillis
                    >= settings.checkpointSeconds() * 1000L);
            if (due) {
                Checkpoint checkpoint = sign(seq, hash);
                st.checkpoint.setLong(1, checkpoint.seq());
                st.checkpoint.setString(2, checkpoint.eventHash());
                st.checkpoint.setObject(3, OffsetDateTime.ofInstant(checkpoint.signedAt(), ZoneOffset.UTC));
                st.checkpoint.setString(4, checkpoint.publicKey());
                st.checkpoint.setString(5, checkpoint.signature());
                st.checkpoint.executeUpdate();
            }
            connection.commit();
            written = true;
            checkpointSeq = due ? seq : Math.max(checkpointSeq, lastCheckpoint);
            if (due) {
                checkpointMillis = System.currentTimeMillis();
            }
            headSeq = seq;
            headHash = hash;
        } finally {
            if (!written) {
                // Rolled back, and the connection is given back: a broken one is not reused for the next write.
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // closing anyway
                }
                closeStatements();
            }
        }
    }

    /**
     * The writer's connection and its statements, prepared once rather than once per write (preparing was a tenth of
     * the writer's time). Given back to the pool after a failure and every {@link #HOLD_CONNECTION_MILLIS}, so that the
     * pool can still replace an old connection.
     */
    private Statements statements() throws SQLException {
        if (statements != null && System.currentTimeMillis() - statements.since > HOLD_CONNECTION_MILLIS) {
            closeStatements();
        }
        if (statements == null) {
            statements = new Statements(dataSource.getConnection());
        }
        return statements;
    }

    private void closeStatements() {
        if (statements != null) {
            statements.close();
            statements = null;
        }
    }

    private static final class Statements {
        final Connection connection;
        final long since = System.currentTimeMillis();
        final boolean autoCommit;
        final PreparedStatement lockHead;
        final PreparedStatement lastCheckpoint;
        final PreparedStatement insert;
        final PreparedStatement persons;
        final PreparedStatement updateHead;
        final PreparedStatement checkpoint;

        Statements(Connection connection) throws SQLException {
            this.connection = connection;
            try {
                autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                lockHead = connection.prepareStatement(LOCK_HEAD);
                lastCheckpoint = connection.prepareStatement(LAST_CHECKPOINT);
                insert = connection.prepareStatement(INSERT);
                persons = connection.prepareStatement(INSERT_PERSON);
                updateHead = connection.prepareStatement(UPDATE_HEAD);
                checkpoint = connection.prepareStatement(INSERT_CHECKPOINT);
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the first failure is the one that matters
                }
                throw e;
            }
        }

        /** Closing the connection closes its statements; it goes back to the pool as it came. */
        void close() {
            try {
                connection.setAutoCommit(autoCommit);
            } catch (SQLException ignored) {
                // a broken connection: the pool drops it
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }

    private Checkpoint sign(long seq, String hash) {
        Checkpoint unsigned = new Checkpoint(seq, hash, AuditChain.storable(Instant.now()), signer.publicKeyBase64(),
                null);
        return new Checkpoint(seq, hash, unsigned.signedAt(), unsigned.publicKey(),
                signer.sign(unsigned.signedContent()));
    }

    /** What is hashed is what the database gives back: microseconds, details cut to the column's size. */
    private static AuditEvent storable(AuditEvent e) {
        String detail = e.detail() != null && e.detail().length() > MAX_DETAIL ? e.detail().substring(0, MAX_DETAIL)
                : e.detail();
        return new AuditEvent(AuditChain.storable(e.recordedAt()), e.exchangeId(), e.correlationId(), e.step(),
                e.outcome(), e.sender(), e.recipient(), e.messageType(), e.subject(), e.purpose(), e.payloadSha256(),
                detail, e.persons(), e.dataCategories());
    }

    private static void bind(PreparedStatement ps, long seq, String previous, String hash, AuditEvent e)
            throws SQLException {
        ps.setLong(1, seq);
        ps.setString(2, previous);
        ps.setString(3, hash);
        ps.setObject(4, OffsetDateTime.ofInstant(e.recordedAt(), ZoneOffset.UTC));
        ps.setString(5, e.exchangeId());
        ps.setString(6, e.correlationId());
        ps.setString(7, e.step().name());
        ps.setString(8, e.outcome().name());
        ps.setString(9, e.sender());
        ps.setString(10, e.recipient());
        ps.setString(11, e.messageType());
        ps.setString(12, e.subject());
        ps.setString(13, e.purpose());
        ps.setString(14, e.payloadSha256());
        ps.setString(15, e.detail());
        setNullable(ps, 16, AuditChain.joined(e.persons()));
        setNullable(ps, 17, AuditChain.joined(e.dataCategories()));
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private void loadHead() {
        headSeq = 0;
        headHash = AuditChain.GENESIS;
        jdbc.query("SELECT seq, event_hash FROM audit_event WHERE seq IS NOT NULL ORDER BY id DESC LIMIT 1", rs -> {
                    headSeq = rs.getLong(1);
                    headHash = rs.getString(2);
                });
        Long lastCheckpoint = jdbc.queryForObject("SELECT MAX(seq) FROM audit_checkpoint", Long.class);
        checkpointSeq = lastCheckpoint == null ? 0 : lastCheckpoint;
    }

    /**
     * The head row is made from the last chained event the first time, and moved forward after chaining old rows;
     * never backwards (another writer on the same database may be ahead).
     */
    private void publishHead() {
        Long known = jdbc.query("SELECT seq FROM audit_head WHERE id = 1", rs -> rs.next() ? rs.getLong(1) : null);
        if (known == null) {
            try {
                jdbc.update("INSERT INTO audit_head (id, seq, event_hash) VALUES (1, ?, ?)", headSeq, headHash);
            } catch (org.springframework.dao.DuplicateKeyException e) {
                // another writer made it at the same moment
            }
        } else if (known < headSeq) {
            jdbc.update("UPDATE audit_head SET seq = ?, event_hash = ? WHERE id = 1 AND seq < ?", headSeq, headHash,
                    headSeq);
        }
    }

    /** Rows journaled before the chain existed (migration V3) are chained once, in the order they were written. */
    private void chainUnchainedRows() {
        List<ChainedEvent> legacy = jdbc.query("SELECT " + AuditRecords.COLUMNS
                + " FROM audit_event WHERE seq IS NULL ORDER BY id", AuditRecords.ROW);
        for (ChainedEvent row : legacy) {
            AuditEvent event = storable(row.event());
            headSeq++;
            String previous = headHash;
            headHash = AuditChain.hash(previous, headSeq, event);
            jdbc.update("UPDATE audit_event SET seq = ?, prev_hash = ?, event_hash = ?, detail = ? WHERE id = ?",
                    headSeq, previous, headHash, event.detail(), row.rowId());
        }
        if (!legacy.isEmpty()) {
            log.info("Audit journal: {} event(s) written before the chain existed are now chained", legacy.size());
        }
    }

    /** Stops the writer once everything queued is written, and signs the head. */
    @PreDestroy
    public void close() {
        if (!running) {
            return;
        }
        try {
            checkpoint();
        } catch (RuntimeException e) {
            log.warn("Audit journal: no final checkpoint ({})", e.getClass().getName());
        }
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The steps of one exchange in the order they were recorded. */
    public List<AuditEvent> journeyOf(String exchangeId) {
        return records.journeyOf(exchangeId).stream().map(ChainedEvent::event).toList();
    }

    public Optional<Checkpoint> latestCheckpoint() {
        return records.latestCheckpoint();
    }

    public AuditRecords records() {
        return records;
    }
}
