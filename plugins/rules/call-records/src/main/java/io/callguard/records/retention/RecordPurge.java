package io.callguard.records.retention;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.json.CompactJson;
import io.callguard.core.records.Checkpoint;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordRepository;
import io.callguard.records.chain.CheckpointPublisher;
import io.callguard.records.chain.ChainVerifier;
import io.callguard.records.chain.CheckpointSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Purges this node's chain of the records past retention, keeping it verifiable. One run:
 * <ol>
 *   <li>verifies the whole chain with this node's key: a broken chain is evidence, nothing is purged (and no
 *       checkpoint signed over an altered entry) until someone has looked;</li>
 *   <li>walks it from its first entry and takes the longest prefix whose every CALL entry is past retention
 *       ({@link InvoiceCalendar}, the account's invoice day read from the directory at the time of the run); the
 *       first call still kept ends it, whatever follows. GAP entries go with the calls around them: the prefix ends
 *       on its last CALL entry, so a gap just before the first kept call stays with it. The chain's last entry always
 *       stays (the writer chains the next one to it);</li>
 *   <li>signs a checkpoint at the prefix's last seq unless one is stored there (the new anchor the verifier starts
 *       from), stores it and publishes it (log line, {@code records.checkpointFile});</li>
 *   <li>purges ({@link RecordRepository#purge}) and appends {@code records.purge} to the audit trail: target
 *       {@code records:<node>}, after = node, seq range, count, the anchor checkpoint, the retention and the time of
 *       the run.</li>
 * </ol>
 * A dry run does the first two and answers what would go. Runs are serialised; they block (store): call them off the
 * event loop.
 */
public final class RecordPurge {
    private static final Logger LOG = LoggerFactory.getLogger(RecordPurge.class);
    public static final String AUDIT_ACTION = "records.purge";

    private final RecordRepository repository;
    private final Directory directory;
    private final CheckpointSigner signer;
    private final InvoiceCalendar calendar;
    private final String retention;
    private final AuditLog audit;
    private final Clock clock;
    private final String node;
    private final Optional<Path> checkpointFile;

    /** @param audit the audit trail, null when the app runs none (the purge is then only logged) */
    public RecordPurge(RecordRepository repository, Directory directory, CheckpointSigner signer, RetentionOptions options,
                       AuditLog audit, Clock clock, String node, Optional<Path> checkpointFile) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.calendar = new InvoiceCalendar(options.retention(), options.invoiceZone());
        this.retention = options.retention().toString();
        this.audit = audit;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.node = Objects.requireNonNull(node, "node");
        this.checkpointFile = Objects.requireNonNull(checkpointFile, "checkpointFile");
    }

    /**
     * What a run did (or would do, {@code dryRun}).
     *
     * @param fromSeq       the first seq purged, null when nothing goes
     * @param toSeq         the last seq purged (the anchor checkpoint's), null when nothing goes
     * @param count         entries purged (calls and gaps)
     * @param checkpointSeq the anchor checkpoint's seq, null when nothing goes
     * @param keptFrom      the first seq kept (null: the chain is empty)
     * @param keptBecause   why the prefix ends there
     */
    public record Outcome(String node, boolean dryRun, Instant at, Long fromSeq, Long toSeq, long count,
                          Long checkpointSeq, boolean checkpointSigned, Long keptFrom, String keptBecause) {
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", node);
            m.put("dryRun", dryRun);
            m.put("at", at.toString());
            m.put("fromSeq", fromSeq);
            m.put("toSeq", toSeq);
            m.put("count", count);
            m.put("checkpointSeq", checkpointSeq);
            m.put("checkpointSigned", checkpointSigned);
            m.put("keptFrom", keptFrom);
            m.put("keptBecause", keptBecause);
            return m;
        }
    }

    /** The chain is broken: nothing was purged. */
    public static final class BrokenChainException extends IllegalStateException {
        BrokenChainException(String message) { super(message); }
    }

    /** One run by {@code actor} ({@code system} for the timer). */
    public synchronized Outcome run(String actor, boolean dryRun) {
        Instant now = clock.instant();
        ChainVerifier.Result verified = new ChainVerifier(repository, signer.publicKey()).verify(node, 1);
        if (!verified.ok()) {
            LOG.error("records purge refused: {}", verified.describe());
            throw new BrokenChainException("nothing purged: " + verified.describe());
        }
        Prefix p = prefix(now);
        if (p.last == null) {
            return new Outcome(node, dryRun, now, null, null, 0, null, false, p.keptFrom, p.keptBecause);
        }
        long toSeq = p.last.seq();
        if (dryRun) {
            boolean stored = anchorStored(toSeq);
            return new Outcome(node, true, now, p.first, toSeq, toSeq - p.first + 1, toSeq, !stored, p.keptFrom,
                    p.keptBecause);
        }
        boolean signed = false;
        if (!anchorStored(toSeq)) {
            Checkpoint c = signer.sign(node, toSeq, p.last.hash(), now);
            try {
                repository.saveCheckpoint(c);
                signed = true;
                publish(c);
            } catch (IllegalStateException e) {
                if (!anchorStored(toSeq)) throw e; // stored meanwhile by the writer: that one anchors as well
            }
        }
        int removed = repository.purge(node, toSeq + 1);
        Outcome done = new Outcome(node, false, now, p.first, toSeq, removed, toSeq, signed, p.keptFrom, p.keptBecause);
        LOG.info("records purge: node {} seqs {}..{} ({} entries) past retention {}, anchored by the checkpoint at seq {}",
                node, p.first, toSeq, removed, retention, toSeq);
        record(actor, done);
        return done;
    }

    private boolean anchorStored(long seq) {
        return repository.checkpoints(node, seq).stream().anyMatch(c -> c.seq() == seq);
    }

    /** The purgeable prefix of the chain at {@code now}. */
    private Prefix prefix(Instant now) {
        long head = repository.last(node).map(RecordEntry::seq).orElse(0L);
        Prefix p = new Prefix();
        if (head == 0) {
            p.keptBecause = "the chain is empty";
            return p;
        }
        try {
            repository.scan(node, 1, e -> {
                if (e.seq() >= head) p.stop(e, "the chain's last entry always stays");
                if (e.call() != null) {
                    Integer day = directory.account(e.call().accountId()).map(Account::billingDay).orElse(null);
                    Instant until = calendar.keepUntil(e.call().startedAt(), day);
                    if (now.isBefore(until)) {
                        p.stop(e, "call " + e.call().uniqueId() + " of account '" + e.call().accountId() + "' started "
                                + e.call().startedAt() + " is kept until " + until);
                    }
                }
                if (p.first == null) p.first = e.seq();
                if (e.call() != null) p.last = e; // a gap goes only with a call after it
            });
        } catch (Stop stop) {
            // the walk ends at the first entry that stays
        }
        return p;
    }

    private static final class Stop extends RuntimeException {
        Stop() { super(null, null, false, false); }
    }

    private static final class Prefix {
        Long first;
        RecordEntry last;
        Long keptFrom;
        String keptBecause;

        void stop(RecordEntry e, String why) {
            keptFrom = e.seq();
            keptBecause = why;
            throw new Stop();
        }
    }

    private void record(String actor, Outcome o) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("node", o.node());
        what.put("fromSeq", o.fromSeq());
        what.put("toSeq", o.toSeq());
        what.put("count", o.count());
        what.put("checkpointSeq", o.checkpointSeq());
        what.put("checkpointHead", head(o.toSeq()));
        what.put("checkpointSigned", o.checkpointSigned());
        what.put("retention", retention);
        what.put("at", o.at().toString());
        String after = CompactJson.write(what);
        if (audit == null) {
            LOG.warn("records purge not in an audit trail (none runs): {}", after);
            return;
        }
        try {
            audit.append(AuditEntry.of(o.at(), actor, AUDIT_ACTION, "records:" + node, null, after));
        } catch (RuntimeException e) {
            // the purge is done and cannot be undone: the entry is kept in the log instead
            LOG.error("records purge done but not in the audit trail ({}): {}", e.toString(), after);
        }
    }

    private String head(long seq) {
        return repository.checkpoints(node, seq).stream().filter(c -> c.seq() == seq).findFirst()
                .map(Checkpoint::headHash).orElse("");
    }

    private void publish(Checkpoint c) {
        CheckpointPublisher.publish(c, checkpointFile, " (purge anchor)");
    }
}
