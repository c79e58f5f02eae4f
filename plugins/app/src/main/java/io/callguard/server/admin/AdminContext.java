package io.callguard.server.admin;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.store.Store;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the admin API works on.
 *
 * @param store     the database (blocking: used only through {@code worker})
 * @param directory the decisions' in-memory directory, updated after each successful write
 * @param plan      normalises numbers
 * @param tracker   live calls
 * @param worker    the "callguard-store" worker pool
 * @param ami       the AMI link's state, for /ready (must not block)
 * @param audit       the audit trail every write appends to (blocking: used only through {@code worker})
 * @param clock       the time of audit entries (milliseconds, as the store keeps them)
 */
public record AdminContext(Store store, InMemoryDirectory directory, FrenchNumberingPlan plan, CallTracker tracker,
                           StoreWorker worker, Supplier<AmiStatus> ami,
                           AuditLog audit, Clock clock) {
    public AdminContext {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(clock, "clock");
    }
}
