package io.callguard.http.admin;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.ops.OpsSection;
import io.callguard.http.StoreWorker;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the admin API works on besides the rule modules' routes.
 *
 * @param store   the store's ping, for /ready (blocking: called by {@link StoreProbe} on a thread of its own)
 * @param tracker live calls
 * @param worker  the "callguard-store" worker pool, and what the store's failures mean
 * @param ami     the AMI link's state, for /ready (must not block)
 * @param audit   the audit trail (blocking: used only through {@code worker})
 * @param state   the state backend's mode, for /ready ({@code LOCAL}, {@code REDIS}, {@code LOCAL_FALLBACK},
 *                {@code REDIS_DOWN}; must not block)
 * @param ops     the operations summary's sections besides the live calls and the links (the started modules' trunks,
 *                suspensions, SMS queue; the refused calls), in the order the summary lists them
 */
public record AdminContext(StoreHealth store, CallTracker tracker, StoreWorker worker, Supplier<AmiStatus> ami,
                           AuditLog audit, Supplier<String> state, List<OpsSection> ops) {
    /** A node counting in its own memory ({@code LOCAL}), without sections of the operations summary. */
    public AdminContext(StoreHealth store, CallTracker tracker, StoreWorker worker, Supplier<AmiStatus> ami,
                        AuditLog audit) {
        this(store, tracker, worker, ami, audit, () -> "LOCAL", List.of());
    }

    /** Without sections of the operations summary (it then shows the live calls and the links only). */
    public AdminContext(StoreHealth store, CallTracker tracker, StoreWorker worker, Supplier<AmiStatus> ami,
                        AuditLog audit, Supplier<String> state) {
        this(store, tracker, worker, ami, audit, state, List.of());
    }

    /** A node counting in its own memory ({@code LOCAL}). */
    public AdminContext(StoreHealth store, CallTracker tracker, StoreWorker worker, Supplier<AmiStatus> ami,
                        AuditLog audit, List<OpsSection> ops) {
        this(store, tracker, worker, ami, audit, () -> "LOCAL", ops);
    }

    public AdminContext {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(audit, "audit");
        ops = List.copyOf(ops);
    }

}
