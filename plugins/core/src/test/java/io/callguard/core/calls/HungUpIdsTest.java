package io.callguard.core.calls;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HungUpIdsTest {

    @Test
    void keepsAnIdOnceAndTellsIt() {
        HungUpIds ids = new HungUpIds(4);
        assertThat(ids.add("1733567890.12")).isTrue();
        assertThat(ids.add("1733567890.12")).as("already kept").isFalse();
        assertThat(ids.contains("1733567890.12")).isTrue();
        assertThat(ids.contains("1733567890.1")).as("a prefix is another id").isFalse();
        assertThat(ids.contains("1733567890.123")).isFalse();
        assertThat(ids.size()).isEqualTo(1);
    }

    @Test
    void forgetsTheOldestBeyondItsCapacity() {
        HungUpIds ids = new HungUpIds(3);
        for (String id : List.of("a.1", "a.2", "a.3", "a.4")) ids.add(id);
        assertThat(ids.contains("a.1")).isFalse();
        assertThat(ids.contains("a.2")).isTrue();
        assertThat(ids.contains("a.3")).isTrue();
        assertThat(ids.contains("a.4")).isTrue();
        assertThat(ids.size()).isEqualTo(3);
    }

    @Test
    void nonAsciiIdsAreKeptByTheirUtf8Bytes() {
        HungUpIds ids = new HungUpIds(8);
        assertThat(ids.add("pbx-é-1.1")).isTrue();
        assertThat(ids.contains("pbx-é-1.1")).isTrue();
        assertThat(ids.contains("pbx-e-1.1")).isFalse();
        assertThat(ids.contains("pbx-\u00c3\u00a9-1.1")).as("the bytes of é read as Latin-1 are another id").isFalse();
    }

    @Test
    void emptyAndOverlongIdsAreNotKept() {
        HungUpIds ids = new HungUpIds(8);
        String longest = "x".repeat(HungUpIds.MAX_ID_BYTES);
        assertThat(ids.add("")).isFalse();
        assertThat(ids.add(longest + "x")).isFalse();
        assertThat(ids.contains(longest + "x")).isFalse();
        assertThat(ids.add(longest)).isTrue();
        assertThat(ids.contains(longest)).isTrue();
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new HungUpIds(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    /**
     * Against a model, over many evictions (table runs, arena wrap-arounds, long and non-ASCII ids): no id is told
     * that was not added; what is kept is always the latest distinct ids, in order; and ids of at most
     * {@link HungUpIds#AVERAGE_ID_BYTES} bytes are kept {@code capacity} at a time.
     */
    @Test
    void keepsExactlyTheLatestIdsLikeAModel() {
        Random random = new Random(13);
        for (int capacity : new int[] {1, 2, 7, 64, 1000}) {
            HungUpIds ids = new HungUpIds(capacity);
            List<String> order = new ArrayList<>(); // distinct ids in the order they were kept
            Set<String> everAdded = new HashSet<>();
            boolean shortOnly = capacity == 1000;
            for (int op = 0; op < 40_000; op++) {
                String id = randomId(random, shortOnly, order);
                boolean known = ids.contains(id);
                if (known) assertThat(everAdded).as("told only ids added").contains(id);
                boolean added = ids.add(id);
                assertThat(added).as("added unless kept already: %s", id).isEqualTo(!known);
                if (added) {
                    order.add(id);
                    everAdded.add(id);
                }
                if (op % 997 == 0 || op == 39_999) checkKeptIsASuffix(ids, order, capacity, shortOnly);
            }
        }
    }

    private static void checkKeptIsASuffix(HungUpIds ids, List<String> order, int capacity, boolean shortOnly) {
        int kept = ids.size();
        assertThat(kept).isLessThanOrEqualTo(capacity);
        if (shortOnly) assertThat(kept).as("short ids: capacity kept").isEqualTo(Math.min(capacity, order.size()));
        else assertThat(kept).as("room for at least the longest id").isGreaterThanOrEqualTo(Math.min(1, order.size()));
        // an id forgotten and added again is in the order twice: its last time decides
        Set<String> suffix = new HashSet<>(order.subList(order.size() - kept, order.size()));
        assertThat(suffix).as("the kept ids are distinct").hasSize(kept);
        for (int i = 0; i < order.size(); i++) {
            String id = order.get(i);
            assertThat(ids.contains(id)).as("id %d of %d (kept %d)", i, order.size(), kept).isEqualTo(suffix.contains(id));
        }
    }

    private static String randomId(Random random, boolean shortOnly, List<String> order) {
        if (!order.isEmpty() && random.nextInt(5) == 0) {
            // an id seen before, recent or long gone
            return order.get(order.size() - 1 - random.nextInt(Math.min(order.size(), 3000)));
        }
        int len = shortOnly ? 1 + random.nextInt(HungUpIds.AVERAGE_ID_BYTES / 2) : 1 + random.nextInt(random.nextInt(8) == 0 ? 120 : 30);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int k = random.nextInt(40);
            b.append(k == 0 && !shortOnly ? 'é' : (char) ('0' + k % 12)); // few characters: many equal hashes' runs
        }
        return b.toString();
    }
}
