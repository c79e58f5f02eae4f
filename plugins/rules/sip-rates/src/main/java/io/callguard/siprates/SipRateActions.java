package io.callguard.siprates;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.json.CompactJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What follows a crossing, off the collector's event thread (one thread of its own, in order): the log, the audit
 * entry (the store may block), the stored copy of the block list, the nftables set file and the operator's firewall
 * command (a process). A failure is logged, never thrown: the block list in memory stands whatever the audit, the
 * store, the file or the firewall said.
 */
final class SipRateActions implements AutoCloseable {
    static final String ACTOR = "sip-rates";
    private static final Logger LOG = LoggerFactory.getLogger(SipRateActions.class);
    private final AuditLog audit;
    private final List<String> blockCommand;
    private final List<String> unblockCommand;
    private final BlockList blocks;
    private final BlockedAddressRepository repository;
    private final NftablesSetFile setFile;
    private final Clock clock;
    /** Changes queued that will rewrite the set file: only the last of a burst writes it (each writes the whole list). */
    private final AtomicInteger setFileChanges = new AtomicInteger();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sip-rates-actions");
        t.setDaemon(true);
        return t;
    });

    SipRateActions(AuditLog audit, List<String> blockCommand, List<String> unblockCommand, BlockList blocks,
                   BlockedAddressRepository repository, NftablesSetFile setFile, Clock clock) {
        this.audit = audit;
        this.blockCommand = blockCommand;
        this.unblockCommand = unblockCommand;
        this.blocks = blocks;
        this.repository = repository;
        this.setFile = setFile;
        this.clock = clock;
    }

    void blocked(BlockedAddress b) {
        LOG.warn("{} blocked until {}: {}", b.address(), b.until(), b.reason());
        setFileChanges.incrementAndGet();
        worker.execute(() -> {
            try {
                audit(b.since(), ACTOR, "sip-address.block", "address:" + b.address(), null, CompactJson.write(b.json()));
                store(b.address());
            } finally {
                writeSetFile();
            }
            run(blockCommand, b.address(), Duration.between(b.since(), b.until()).toSeconds());
        });
    }

    void unblocked(BlockedAddress b, String actor, Instant at, String why) {
        LOG.info("{} unblocked ({})", b.address(), why);
        setFileChanges.incrementAndGet();
        worker.execute(() -> {
            try {
                audit(at, actor, "sip-address.unblock", "address:" + b.address(), CompactJson.write(b.json()), null);
                store(b.address());
            } finally {
                writeSetFile();
            }
            run(unblockCommand, b.address(), 0);
        });
    }

    /**
     * At the start, after the blocks still in force were put back on the list: the stored ones left out (expired
     * while callguard was stopped, or of an address now on the allow-list) are unblocked as the timer would have
     * (audit, stored row deleted, unblock command run once), then the set file is written for the list as it stands.
     */
    void restored(int inForce, List<BlockedAddress> lifted, Instant at) {
        LOG.info("{} blocked address(es) restored from the store, {} lifted (expired while callguard was stopped, or "
                + "now on {})", inForce, lifted.size(), SipRatesOptions.ALLOW_LIST);
        setFileChanges.incrementAndGet();
        worker.execute(() -> {
            try {
                for (BlockedAddress b : lifted) {
                    audit(at, ACTOR, "sip-address.unblock", "address:" + b.address(), CompactJson.write(b.json()), null);
                    store(b.address());
                    run(unblockCommand, b.address(), 0);
                }
            } finally {
                writeSetFile();
            }
        });
    }

    /** Stores every block in force with its count so far (a clean stop: the next start counts on from there). */
    void storeCounts() {
        worker.execute(() -> blocks.list(clock.instant()).forEach(b -> store(b.address())));
    }

    /**
     * Writes what the list holds now for {@code address}: its block, or no row when it is not blocked. Reading the
     * list rather than the event keeps the store right when a block and an unblock of one address cross.
     */
    private void store(String address) {
        try {
            Optional<BlockedAddress> now = blocks.find(address);
            if (now.isPresent()) repository.save(now.get());
            else repository.delete(address);
        } catch (RuntimeException e) {
            LOG.error("storing the block list's change for {} failed (the list in memory stands; a restart would not "
                    + "see this change)", address, e);
        }
    }

    private void writeSetFile() {
        if (setFileChanges.decrementAndGet() > 0 || !setFile.enabled()) return; // a later change writes it
        Instant now = clock.instant();
        setFile.write(blocks.list(now), now);
    }

    void transactionRateAlert(String account, String address, int limit, Instant at) {
        LOG.warn("R5: account {} started more than {} SIP transactions in one second (from {}); alert only (no traffic"
                + " module to apply the account's rule)", account, limit, address);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("rule", "SIP_TRANSACTION_RATE");
        after.put("limitPerSecond", limit);
        after.put("address", address);
        worker.execute(() -> audit(at, ACTOR, "sip-rates.alert", "account:" + account, null, CompactJson.write(after)));
    }

    private void audit(Instant at, String actor, String action, String target, String before, String after) {
        try {
            audit.append(AuditEntry.of(at, actor, action, target, before, after));
        } catch (RuntimeException e) {
            LOG.error("audit of {} {} failed (the change stands)", action, target, e);
        }
    }

    /** Runs the command with its placeholders replaced, without a shell (an address cannot inject anything). */
    private static void run(List<String> command, String address, long seconds) {
        if (command.isEmpty()) return;
        List<String> argv = new ArrayList<>(command.size());
        for (String word : command) {
            argv.add(word.replace("{address}", address).replace("{seconds}", Long.toString(seconds)));
        }
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.error("{} did not end within 10 s (killed)", argv);
            } else if (p.exitValue() != 0) {
                LOG.error("{} exited with {}", argv, p.exitValue());
            }
        } catch (Exception e) {
            LOG.error("{} could not run", argv, e);
        }
    }

    /** Waits for the queued actions (tests, stop). */
    void drain() throws Exception {
        worker.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) worker.shutdownNow();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
