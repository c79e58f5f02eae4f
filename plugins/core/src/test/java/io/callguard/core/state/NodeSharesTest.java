package io.callguard.core.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeSharesTest {
    @Test
    void aT0TrunkOnTwoNodesGivesOneEachAndOnThreeNodesOneOneAndZero() {
        assertThat(List.of(NodeShares.share(2, 0, 2), NodeShares.share(2, 1, 2))).containsExactly(1, 1);
        assertThat(List.of(NodeShares.share(2, 0, 3), NodeShares.share(2, 1, 3), NodeShares.share(2, 2, 3)))
                .containsExactly(1, 1, 0);
    }

    @Test
    void theSmsWindowsOnTwoNodes() {
        // 1/s: the first node in id order takes it, the other refuses; 10/min: 5 each
        assertThat(new NodeShares(List.of("node-b", "node-a"), "node-a").of(1)).isEqualTo(1);
        assertThat(new NodeShares(List.of("node-b", "node-a"), "node-b").of(1)).isZero();
        assertThat(new NodeShares(List.of("node-a", "node-b"), "node-b").of(10)).isEqualTo(5);
    }

    @Test
    void theSharesAddUpToTheLimitExactlyAndDifferByOneAtMost() {
        for (int limit = 0; limit <= 70; limit++) {
            for (int nodes = 1; nodes <= 9; nodes++) {
                List<Integer> shares = new ArrayList<>();
                for (int rank = 0; rank < nodes; rank++) shares.add(NodeShares.share(limit, rank, nodes));
                assertThat(shares.stream().mapToInt(Integer::intValue).sum()).as(limit + " on " + nodes).isEqualTo(limit);
                assertThat(shares.stream().mapToInt(Integer::intValue).max().orElseThrow()
                        - shares.stream().mapToInt(Integer::intValue).min().orElseThrow()).isLessThanOrEqualTo(1);
                // the larger shares go to the first ranks
                assertThat(shares).isSortedAccordingTo((x, y) -> Integer.compare(y, x));
            }
        }
    }

    @Test
    void theRankIsThePlaceAmongTheSortedIdsAndANodeAlwaysCountsItself() {
        NodeShares s = new NodeShares(List.of("c", "a", "b", "a"), "b");
        assertThat(s.nodes()).containsExactly("a", "b", "c");
        assertThat(s.rank()).isEqualTo(1);
        NodeShares missing = new NodeShares(List.of("a", "c"), "b");
        assertThat(missing.nodes()).containsExactly("a", "b", "c");
        NodeShares alone = NodeShares.alone("x");
        assertThat(alone.count()).isEqualTo(1);
        assertThat(alone.of(2)).isEqualTo(2);
    }

    @Test
    void noLimitStaysNoLimit() {
        assertThat(new NodeShares(List.of("a", "b"), "b").of(0)).isZero();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> NodeShares.share(-1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeShares.share(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeShares.share(1, 2, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
