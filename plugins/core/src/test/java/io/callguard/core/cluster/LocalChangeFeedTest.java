package io.callguard.core.cluster;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The single node's feed: publishing sends nothing; deliveries and full reloads reach the listeners of each kind. */
class LocalChangeFeedTest {
    private final LocalChangeFeed feed = new LocalChangeFeed();
    private final List<String> heard = new ArrayList<>();

    private ChangeListener recording(String name) {
        return ChangeListener.of(id -> heard.add(name + " " + id), () -> heard.add(name + " all"));
    }

    @Test
    void aPublicationReachesNobodyOnASingleNode() {
        feed.subscribe("suspension", recording("s"));
        feed.publish("suspension", "S1");
        assertThat(heard).isEmpty();
        assertThat(feed.shared()).isFalse();
    }

    @Test
    void aDeliveryReachesTheListenersOfItsKindOnlyAndAFullReloadReachesEveryone() {
        feed.subscribe("directory.account", recording("d1"));
        feed.subscribe("directory.account", recording("d2"));
        Runnable unsubscribe = feed.subscribe("cti.api-key", recording("k"));

        feed.deliver("directory.account", "acme");
        feed.deliver("nobody.listens", "x");
        assertThat(heard).containsExactly("d1 acme", "d2 acme");

        heard.clear();
        feed.reloadAll();
        assertThat(heard).containsExactlyInAnyOrder("d1 all", "d2 all", "k all");

        heard.clear();
        unsubscribe.run();
        feed.reloadAll();
        assertThat(heard).containsExactlyInAnyOrder("d1 all", "d2 all");
    }

    @Test
    void aFailingListenerDoesNotKeepTheOthersFromHearing() {
        feed.subscribe("k", ChangeListener.of(id -> { throw new IllegalStateException("store down"); },
                () -> { throw new IllegalStateException("store down"); }));
        feed.subscribe("k", recording("ok"));
        feed.deliver("k", "1");
        feed.reloadAll();
        assertThat(heard).containsExactly("ok 1", "ok all");
    }

    @Test
    void aReloadingListenerReloadsEverythingWhateverChanged() {
        feed.subscribe("traffic.rules", ChangeListener.reloading(() -> heard.add("all")));
        feed.deliver("traffic.rules", "acme");
        feed.reloadAll();
        assertThat(heard).containsExactly("all", "all");
    }

    @Test
    void kindsAreShortNamesWithoutSeparators() {
        for (String bad : new String[] {"", "a b", "a\nb", "x".repeat(201)}) {
            assertThatThrownBy(() -> feed.publish(bad, "1")).as("'" + bad + "'").isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("kind:");
            assertThatThrownBy(() -> feed.subscribe(bad, recording("x"))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> feed.publish(null, "1")).isInstanceOf(IllegalArgumentException.class);
    }
}
