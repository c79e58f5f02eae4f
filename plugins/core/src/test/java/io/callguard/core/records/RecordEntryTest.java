package io.callguard.core.records;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.rating.CallRating;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordEntryTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00.123456Z");

    static CallRecord answered(String uniqueId, String callee) {
        return new CallRecord(uniqueId, uniqueId, "acme", "acme-trunk", Direction.OUTBOUND, "0140000000", callee,
                callee, NumberCategory.MOBILE, "", "ALLOW", "", T0, T0.plusSeconds(3), T0.plusSeconds(65),
                CallRecord.billable(T0.plusSeconds(3), T0.plusSeconds(65)), Disposition.ANSWERED, 16, "ast1", false);
    }

    @Test
    void aChainStartsFromGenesisAndEachEntryPointsAtThePreviousHash() {
        RecordEntry first = RecordEntry.chain(null, "node-a", T0, answered("1.1", "0612345678"), null);
        RecordEntry second = RecordEntry.chain(first, "node-a", T0.plusSeconds(1), null,
                new Gap(T0, T0.plusSeconds(1), "AMI_DOWN"));
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo(RecordHashes.GENESIS);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(second.kind()).isEqualTo("GAP");
        assertThat(first.hashHolds()).isTrue();
        assertThat(second.hashHolds()).isTrue();
    }

    @Test
    void editingOneFieldOfAStoredEntryBreaksItsHash() {
        RecordEntry e = RecordEntry.chain(null, "node-a", T0, answered("1.1", "0612345678"), null);
        RecordEntry edited = new RecordEntry(e.node(), e.seq(), e.writtenAt(), answered("1.1", "0699999999"), null,
                e.prevHash(), e.hash());
        assertThat(edited.hashHolds()).isFalse();
    }

    @Test
    void theCanonicalFormEscapesLineBreaksSoThatNoFieldCanForgeAnother() {
        CallRecord sneaky = new CallRecord("1.1", "1.1", "acme", "t", Direction.OUTBOUND, "x\ncallee=0612",
                "0612345678", "0612345678", NumberCategory.MOBILE, "", "ALLOW", "", T0, null, T0, 0,
                Disposition.NO_ANSWER, null, "", false);
        String text = RecordHashes.canonical("n", 1, T0, sneaky, null, RecordHashes.GENESIS);
        assertThat(text).contains("caller=x\\ncallee=0612\n").doesNotContain("\ncallee=0612\n");
    }

    @Test
    void theHashesOfFixedEntriesNeverChange() {
        // pinned with the first canonical form's code (before its fast path): writers and verifiers of every version
        // must agree byte for byte, escapes in the middle and at the end of a value included
        CallRecord tricky = new CallRecord("1.2", "1.2", "acme", "acme-trunk", Direction.OUTBOUND, "a\\b\rc\nd\\",
                "\u00e9t\u00e9", "0612345678", NumberCategory.MOBILE, "", "ALLOW", "", T0, null, T0, 0,
                Disposition.NO_ANSWER, null, "ast1", false);
        RecordEntry e1 = RecordEntry.chain(null, "node-a", T0, answered("1.1", "0612345678"), null);
        RecordEntry e2 = RecordEntry.chain(e1, "node-a", T0, tricky, null);
        RecordEntry e3 = RecordEntry.chain(e2, "node-a", T0, null, new Gap(T0, T0.plusSeconds(1), "AMI_DOWN"));
        assertThat(e1.hash()).isEqualTo("4bc27464edb1680c4d1ab092869b7d298e0ef2aa2222f710615535416166f308");
        assertThat(e2.hash()).isEqualTo("794af25458c9ff6ccb2915ed6c11150b9479af194d380e6c5e5608418d504a06");
        assertThat(e3.hash()).isEqualTo("9247c1f68cd96ff8a0bb7857f8c0594bcd905f334208b8bc3428290046dea240");
        assertThat(RecordHashes.canonical("n", 1, T0, tricky, null, RecordHashes.GENESIS))
                .contains("caller=a\\\\b\\rc\\nd\\\\\n");
    }

    static CallRating mobileRating(String amountCents) {
        return new CallRating("pro", 3, "mobile", 95, new BigDecimal(amountCents));
    }

    @Test
    void anUnratedCallKeepsTheFormOfTheRecordsWrittenBeforeRatingExisted() {
        CallRecord unrated = answered("1.1", "0612345678");
        assertThat(unrated.rating()).isNull();
        assertThat(unrated.withRating(mobileRating("23.75")).withRating(null)).isEqualTo(unrated);
        String text = RecordHashes.canonical("node-a", 1, T0, unrated, null, RecordHashes.GENESIS);
        assertThat(text).startsWith("callguard-record|v1\n").doesNotContain("rating").endsWith("adopted=false\n");
        // the pinned hash of theHashesOfFixedEntriesNeverChange: the same entry, the same bytes
        assertThat(RecordEntry.chain(null, "node-a", T0, unrated, null).hash())
                .isEqualTo("4bc27464edb1680c4d1ab092869b7d298e0ef2aa2222f710615535416166f308");
    }

    @Test
    void aRatedCallIsHashedWithItsRatingInTheV2Form() {
        CallRecord rated = answered("1.1", "0612345678").withRating(mobileRating("23.75"));
        String text = RecordHashes.canonical("node-a", 1, T0, rated, null, RecordHashes.GENESIS);
        assertThat(text).startsWith("callguard-record|v2\n").endsWith("adopted=false\nratingPlanId=pro\n"
                + "ratingPlanVersion=3\nratingRateId=mobile\nratingBilledSeconds=95\nratingAmountCents=23.7500\n");
        // v2 is v1 plus the rating lines: nothing else moves
        String v1 = RecordHashes.canonical("node-a", 1, T0, answered("1.1", "0612345678"), null, RecordHashes.GENESIS);
        assertThat(text.substring("callguard-record|v2\n".length())).startsWith(v1.substring("callguard-record|v1\n".length()));
        RecordEntry e = RecordEntry.chain(null, "node-a", T0, rated, null);
        assertThat(e.hashHolds()).isTrue();
        // pinned: the SHA-256 of the text above, computed apart (Python's hashlib) from the lines written out by hand
        assertThat(e.hash()).isEqualTo("5630331859bdaf2b906994a142bcd554ba19f7e01bb499ab18329f57d6b33c08");
        // an amount written 23.75, 23.7500 or 2375E-2 is the same amount and the same hash
        assertThat(RecordEntry.chain(null, "node-a", T0, answered("1.1", "0612345678")
                .withRating(mobileRating("2375E-2")), null).hash()).isEqualTo(e.hash());
    }

    @Test
    void editingTheAmountThePlanOrRemovingTheRatingOfAStoredEntryBreaksItsHash() {
        CallRecord call = answered("1.1", "0612345678");
        RecordEntry e = RecordEntry.chain(null, "node-a", T0, call.withRating(mobileRating("23.75")), null);
        for (CallRecord edited : new CallRecord[] {call.withRating(mobileRating("13.75")),
                call.withRating(mobileRating("23.7501")), call.withRating(null),
                call.withRating(new CallRating("cheap", 3, "mobile", 95, new BigDecimal("23.75"))),
                call.withRating(new CallRating("pro", 2, "mobile", 95, new BigDecimal("23.75"))),
                call.withRating(new CallRating("pro", 3, "mobile", 60, new BigDecimal("23.75")))}) {
            RecordEntry stored = new RecordEntry(e.node(), e.seq(), e.writtenAt(), edited, null, e.prevHash(), e.hash());
            assertThat(stored.hashHolds()).as(String.valueOf(edited.rating())).isFalse();
        }
        // and rating a stored unrated entry afterwards breaks its hash too
        RecordEntry unrated = RecordEntry.chain(null, "node-a", T0, call, null);
        assertThat(new RecordEntry(unrated.node(), 1, unrated.writtenAt(), call.withRating(mobileRating("0")), null,
                unrated.prevHash(), unrated.hash()).hashHolds()).isFalse();
    }

    @Test
    void timesAreKeptToTheMillisecondSoThatAStoreRoundTripKeepsTheHash() {
        CallRecord r = answered("1.1", "0612345678");
        assertThat(r.startedAt()).isEqualTo(Instant.parse("2026-12-06T10:00:00.123Z"));
        assertThat(RecordHashes.canonical("n", 1, T0, r, null, RecordHashes.GENESIS))
                .contains("startedAt=2026-12-06T10:00:00.123Z\n").contains("writtenAt=2026-12-06T10:00:00.123Z\n");
    }

    @Test
    void anEntryIsACallOrAGapNeverBothNorNeither() {
        assertThatThrownBy(() -> RecordEntry.chain(null, "n", T0, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordEntry.chain(null, "n", T0, answered("1.1", "06"), new Gap(T0, T0, "RESTART")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnansweredCallBillsNothingAndAnAnswerMustLieWithinTheCall() {
        assertThat(CallRecord.billable(null, T0)).isZero();
        assertThat(CallRecord.billable(T0, T0.plusMillis(61_999))).isEqualTo(61);
        assertThatThrownBy(() -> new CallRecord("1.1", "", "", "", Direction.OUTBOUND, "", "", "", NumberCategory.OTHER,
                "", "", "", T0, null, T0.plusSeconds(5), 5, Disposition.NO_ANSWER, null, "", false))
                .hasMessageContaining("unanswered");
        assertThatThrownBy(() -> new CallRecord("1.1", "", "", "", Direction.OUTBOUND, "", "", "", NumberCategory.OTHER,
                "", "", "", T0, T0.plusSeconds(9), T0.plusSeconds(5), 0, Disposition.ANSWERED, null, "", false))
                .hasMessageContaining("outside");
    }

    @Test
    void dispositionsReadTheCdrLabels() {
        assertThat(Disposition.ofLabel("NO ANSWER")).isEqualTo(Disposition.NO_ANSWER);
        assertThat(Disposition.ofLabel("no_answer")).isEqualTo(Disposition.NO_ANSWER);
        assertThat(Disposition.NO_ANSWER.label()).isEqualTo("NO ANSWER");
        assertThatThrownBy(() -> Disposition.ofLabel("MAYBE")).hasMessageContaining("unknown disposition");
    }

    @Test
    void aCheckpointSignsAFixedText() {
        Checkpoint c = new Checkpoint("node-a", 42, "ab", T0, "k1", "sig");
        assertThat(c.signedText()).isEqualTo("callguard-checkpoint|v1|node-a|42|ab|2026-12-06T10:00:00.123Z");
    }
}
