package io.callguard.records.build;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.CallRecordListener;
import io.callguard.core.records.Disposition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every record goes to the writer first, then to each listener; a listener that throws stops neither. */
class RecordListenersTest {
    private static CallRecord record(String id) {
        Instant t = Instant.parse("2026-12-07T09:00:00Z");
        return new CallRecord(id, id, "acme", "trunk-a", Direction.OUTBOUND, "0140000000", "0612345678", "0612345678",
                NumberCategory.MOBILE, "", "ALLOW", "", t, null, t.plusSeconds(20), 0, Disposition.NO_ANSWER, 19, "ast1", false);
    }

    @Test
    void aThrowingListenerIsCountedAndTheRecordIsWrittenAndToldToTheOthers() {
        List<String> written = new ArrayList<>();
        List<String> told = new ArrayList<>();
        CallRecordListener failing = r -> { throw new IllegalStateException("boom"); };
        CallRecordListener counting = r -> told.add(r.uniqueId());
        List<CallRecordListener> listeners = new ArrayList<>();
        RecordListeners l = new RecordListeners(() -> List.copyOf(listeners), r -> written.add(r.uniqueId()));

        l.accept(record("1.1"));
        assertThat(written).containsExactly("1.1");
        listeners.add(failing);
        listeners.add(counting); // a module started later is heard at the next record
        l.accept(record("1.2"));
        assertThat(written).containsExactly("1.1", "1.2");
        assertThat(told).containsExactly("1.2");
        assertThat(l.failures()).isEqualTo(1);
    }
}
