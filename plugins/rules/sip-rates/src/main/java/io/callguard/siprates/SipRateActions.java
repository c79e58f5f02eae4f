package io.callguard.siprates;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.json.CompactJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What follows a crossing, off the collector's event thread (one thread of its own, in order): the log, the audit
 * entry (the store may block) and the operator's firewall command (a process). A failure is logged, never thrown:
 * the block list stands whatever the audit or the firewall said.
 */
final class SipRateActions implements AutoCloseable {
    static final String ACTOR = "sip-rates";
    private static final Logger LOG = LoggerFactory.getLogger(SipRateActions.class);
    private final AuditLog audit;
    private final List<String> blockCommand;
    private final List<String> unblockCommand;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sip-rates-actions");
        t.setDaemon(true);
        return t;
    });

    SipRateActions(AuditLog audit, List<String> blockCommand, List<String> unblockCommand) {
        this.audit = audit;
        this.blockCommand = blockCommand;
        this.unblockCommand = unblockCommand;
    }

    void blocked(BlockedAddress b) {
        LOG.warn("{} blocked until {}: {}", b.address(), b.until(), b.reason());
        worker.execute(() -> {
            audit(b.since(), ACTOR, "sip-address.block", "address:" + b.address(), null, CompactJson.write(b.json()));
            run(blockCommand, b.address(), Duration.between(b.since(), b.until()).toSeconds());
        });
    }

    void unblocked(BlockedAddress b, String actor, Instant at, String why) {
        LOG.info("{} unblocked ({})", b.address(), why);
        worker.execute(() -> {
            audit(at, actor, "sip-address.unblock", "address:" + b.address(), CompactJson.write(b.json()), null);
            run(unblockCommand, b.address(), 0);
        });
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
