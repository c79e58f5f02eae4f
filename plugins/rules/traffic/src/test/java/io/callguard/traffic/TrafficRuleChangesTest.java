package io.callguard.traffic;

import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.ChangeListener;
import io.callguard.core.cluster.LocalChangeFeed;
import io.callguard.traffic.rules.InMemoryTrafficRuleRepository;
import io.callguard.traffic.rules.RuleAction;
import io.callguard.traffic.rules.RuleSet;
import io.callguard.traffic.rules.TrafficRule;
import io.callguard.traffic.rules.TrafficRules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes' traffic rules on one repository (the shared store): node A's write is published; node B, listening on a
 * {@link LocalChangeFeed}, reads every account's rules again, an account removed from the store going back to the
 * defaults.
 */
class TrafficRuleChangesTest {
    private final TrafficFixture f = new TrafficFixture(m -> { });
    private final InMemoryTrafficRuleRepository store = new InMemoryTrafficRuleRepository();
    private final TrafficRules onA = new TrafficRules(store, f.rules.defaults(), f.audit, f.clock);
    private final TrafficRules onB = new TrafficRules(store, f.rules.defaults(), f.audit, f.clock);
    private final LocalChangeFeed feedB = new LocalChangeFeed();
    private final List<String> published = new ArrayList<>();

    TrafficRuleChangesTest() {
        onA.publishChangesTo(LocalChangeFeed.relayingTo(feedB, published::add));
        feedB.subscribe(TrafficRules.CHANGES, ChangeListener.reloading(onB::load));
    }

    @Test
    void rulesWrittenOnAAreBsAtOnce() {
        java.util.Map<TrafficRule, io.callguard.traffic.rules.RuleSetting> settings =
                new java.util.EnumMap<>(f.rules.defaults().settings());
        settings.put(TrafficRule.LOW_ASR, settings.get(TrafficRule.LOW_ASR).withAction(RuleAction.SUSPEND));
        RuleSet suspendLowAsr = new RuleSet(settings);
        onA.write(TrafficFixture.ACME, suspendLowAsr, "alice");
        assertThat(published).containsExactly(TrafficRules.CHANGES + " " + TrafficFixture.ACME);
        assertThat(onB.of(TrafficFixture.ACME).get(TrafficRule.LOW_ASR).action()).isEqualTo(RuleAction.SUSPEND);

        store.delete(TrafficFixture.ACME); // the account deleted with its row, as the store does
        feedB.reloadAll();
        assertThat(onB.of(TrafficFixture.ACME)).isEqualTo(f.rules.defaults());
    }
}
