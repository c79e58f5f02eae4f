package io.callguard.caps;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.limits.Allocations;
import io.callguard.core.metrics.Meters;
import io.callguard.core.metrics.TrunkLabels;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trunks' channels (R2) as meters (docs/metrics.md), refreshed by the module's {@code caps-metrics} timer (every
 * {@link #PERIOD}, off the event loop: with a shared state backend each trunk's count is a Redis call): the channels
 * in use and the caps summed over every trunk, the trunks full, and per trunk (label {@code trunk}, with its
 * {@code account}) only for the trunks {@code metrics.trunkLabels} picks, so the series stay bounded.
 */
final class CapsMetrics {
    static final Duration PERIOD = Duration.ofSeconds(5);

    private record Row(Trunk trunk, int inUse) { }

    private final InMemoryDirectory directory;
    private final Allocations allocations;
    private final Clock clock;
    private final TrunkLabels labels;
    private final AtomicLong inUseTotal = new AtomicLong();
    private final AtomicLong capTotal = new AtomicLong();
    private final AtomicLong trunksFull = new AtomicLong();
    private final AtomicLong trunks = new AtomicLong();
    private final MultiGauge inUseByTrunk;
    private final MultiGauge capByTrunk;

    CapsMetrics(MeterRegistry registry, TrunkLabels labels, InMemoryDirectory directory, Allocations allocations,
                Clock clock) {
        this.directory = directory;
        this.allocations = allocations;
        this.clock = clock;
        this.labels = labels;
        Gauge.builder(Meters.PREFIX + "channels.in.use", inUseTotal, AtomicLong::get)
                .description("trunk channels in use, summed over every trunk (R2; emergency and adopted calls included)")
                .register(registry);
        Gauge.builder(Meters.PREFIX + "channels.cap", capTotal, AtomicLong::get)
                .description("trunk channel caps, summed over every trunk").register(registry);
        Gauge.builder(Meters.PREFIX + "trunks.full", trunksFull, AtomicLong::get)
                .description("trunks whose channels in use reach their cap").register(registry);
        Gauge.builder(Meters.PREFIX + "trunks", trunks, AtomicLong::get)
                .description("trunks in the directory").register(registry);
        this.inUseByTrunk = MultiGauge.builder(Meters.PREFIX + "trunk.channels.in.use")
                .description("channels in use on a trunk picked by metrics.trunkLabels").register(registry);
        this.capByTrunk = MultiGauge.builder(Meters.PREFIX + "trunk.channels.cap")
                .description("channel cap of a trunk picked by metrics.trunkLabels").register(registry);
    }

    /** Reads every trunk's count once (may block on a shared state backend: run it on a worker). */
    void refresh() {
        Instant now = clock.instant();
        List<Row> rows = new ArrayList<>();
        long inUse = 0, cap = 0, full = 0;
        for (Account a : directory.accounts()) {
            for (Trunk t : directory.trunksOf(a.id())) {
                int n = allocations.inUse(ChannelCapPolicy.resourceOf(t.id()), now);
                rows.add(new Row(t, n));
                inUse += n;
                cap += t.channels();
                if (n >= t.channels()) full++;
            }
        }
        inUseTotal.set(inUse);
        capTotal.set(cap);
        trunksFull.set(full);
        trunks.set(rows.size());
        List<Row> picked = labels.pick(rows, r -> r.trunk().id(), Row::inUse, r -> r.trunk().channels());
        inUseByTrunk.register(picked.stream().map(r -> MultiGauge.Row.of(tags(r), r.inUse())).toList(), true);
        capByTrunk.register(picked.stream().map(r -> MultiGauge.Row.of(tags(r), r.trunk().channels())).toList(), true);
    }

    private static Tags tags(Row r) { return Tags.of("trunk", r.trunk().id(), "account", r.trunk().accountId()); }
}
