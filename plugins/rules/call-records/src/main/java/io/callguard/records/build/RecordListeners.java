package io.callguard.records.build;

import io.callguard.core.records.CallRecord;
import io.callguard.core.records.CallRecordListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands each record to the writer, then tells every {@link CallRecordListener} the started modules offer (asked at
 * each record: a module offering one may start after this one). A listener that throws is logged and counted; the
 * record is written all the same.
 */
public final class RecordListeners implements Consumer<CallRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(RecordListeners.class);

    private final Supplier<List<CallRecordListener>> lookup;
    private final Consumer<CallRecord> next;
    private final AtomicLong failures = new AtomicLong();

    public RecordListeners(Supplier<List<CallRecordListener>> lookup, Consumer<CallRecord> next) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void accept(CallRecord record) {
        next.accept(record);
        List<CallRecordListener> listeners;
        try {
            listeners = lookup.get();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("record listeners cannot be found: {}", e.toString());
            return;
        }
        for (CallRecordListener l : listeners) {
            try {
                l.recorded(record);
            } catch (RuntimeException e) {
                long n = failures.incrementAndGet();
                if (n <= 5 || n % 1000 == 0) {
                    LOG.warn("record listener {} failed on call {} ({} failures in all): {}", l.getClass().getName(),
                            record.uniqueId(), n, e.toString());
                }
            }
        }
    }

    /** Listener calls (or look-ups) that threw. */
    public long failures() { return failures.get(); }
}
