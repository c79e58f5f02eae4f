package io.callguard.server.admin;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.store.Store;
import io.callguard.suspension.SuspensionBook;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
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
 * @param openSuspensions the suspensions in force (the book the suspension policy reads): an account deletion drops its own
 * @param audit       the audit trail every write appends to (blocking: used only through {@code worker})
 * @param clock       the time of audit entries and of suspension statuses (milliseconds, as the store keeps them)
 * @param accountRemoved forgets what the rule modules keep in memory of a deleted account (the CTI API keys'
 *                    authentication cache), in memory, must not block
 * @param trunkRemoved releases the reservations of a trunk that no longer exists (in memory, must not block)
 */
public record AdminContext(Store store, InMemoryDirectory directory, FrenchNumberingPlan plan, CallTracker tracker,
                           StoreWorker worker, Supplier<AmiStatus> ami,
                           SuspensionBook openSuspensions, AuditLog audit, Clock clock, Consumer<String> accountRemoved,
                           Consumer<String> trunkRemoved) {
    public AdminContext {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(openSuspensions, "openSuspensions");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(accountRemoved, "accountRemoved");
        Objects.requireNonNull(trunkRemoved, "trunkRemoved");
    }
}
