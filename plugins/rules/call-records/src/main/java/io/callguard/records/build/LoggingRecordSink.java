package io.callguard.records.build;

import io.callguard.core.records.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Counts the records and logs each at DEBUG: the sink until the chain writer takes their place. */
public final class LoggingRecordSink implements Consumer<CallRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingRecordSink.class);
    private final AtomicLong received = new AtomicLong();

    @Override
    public void accept(CallRecord record) {
        received.incrementAndGet();
        LOG.debug("call record {}", record);
    }

    /** Records received so far. */
    public long received() { return received.get(); }
}
