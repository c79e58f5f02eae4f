package io.callguard.records;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ConfigView;
import io.callguard.core.control.CallEvent;
import io.callguard.core.control.CallEventListener;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleHost;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RuleModule;
import io.callguard.core.module.RuleModules;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.DecisionListener;
import io.callguard.core.time.MutableClock;
import io.callguard.records.build.CallRecordBuilder;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.records.InMemoryRecordRepository;
import io.callguard.core.records.RecordRepository;
import io.callguard.records.chain.ChainOptions;
import io.callguard.records.retention.PurgeRoute;
import io.callguard.records.retention.RetentionOptions;
import org.junit.jupiter.api.io.TempDir;
import io.callguard.records.build.RecordsOptions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallRecordsModuleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private final InMemoryRecordRepository records = new InMemoryRecordRepository();
    @TempDir Path dir;

    private ModuleContext context(ConfigView view) {
        return context(view, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** @param more services beside the app's, which the test may add after the start (a module started later) */
    private ModuleContext context(ConfigView view, Map<Class<?>, Object> more) {
        Map<Class<?>, Object> services = Map.of(Clock.class, clock, FrenchNumberingPlan.class,
                FrenchNumberingPlan.withDefaults(), RecordRepository.class, records, Directory.class, new InMemoryDirectory());
        return new ModuleContext() {
            @Override public ConfigView config() { return view; }

            @Override
            public <T> T service(Class<T> type) {
                Object s = services.getOrDefault(type, more.get(type));
                if (s == null) throw new NoSuchElementException(type.getSimpleName());
                return type.cast(s);
            }
        };
    }

    @Test
    void foundByServiceLoaderWithItsOptions() {
        RuleModule m = RuleModules.discover().enabled(List.of(CallRecordsModule.NAME)).all().get(0);
        assertThat(m).isInstanceOf(CallRecordsModule.class);
        assertThat(m.options()).extracting(o -> o.path()).contains(RecordsOptions.ASTERISK_NODE,
                RecordsOptions.FORGET_AFTER, RecordsOptions.CONGESTION);
    }

    @Test
    void offersOneBuilderAsCallEventDecisionAndTrackerListenerAndItsRecordsReachTheChain() {
        CallRecordsModule module = new CallRecordsModule();
        module.start(context(ConfigValues.defaults(module.options()).set(RecordsOptions.AMI_HOST, "pbx-1.example", "app")
                .set(ChainOptions.NODE, "node-a", "file")
                .set(ChainOptions.SIGNING_KEY_FILE, dir.resolve("key.pem").toString(), "file")
                .set(ChainOptions.SPILL_DIR, dir.resolve("spill").toString(), "file")));
        CallRecordBuilder builder = (CallRecordBuilder) module.services().get(CallRecordBuilder.class);
        assertThat(module.services().get(CallEventListener.class)).isSameAs(builder);
        assertThat(module.services().get(DecisionListener.class)).isSameAs(builder);
        // the builder, then the chain's own listener: each resynchronisation is told to the writer (restart gap)
        assertThat(module.callListeners()).hasSize(2).first().isSameAs(builder);

        builder.onCallEvent(new CallEvent.ChannelCreated("1.1", "1.1", "PJSIP/a-1", "", "", "0612345678", "Ring"));
        clock.advance(Duration.ofSeconds(2));
        builder.onCallEvent(new CallEvent.HungUp("1.1", "PJSIP/a-1", 127, null, null));
        module.chain().writer().flush(); // or the writer's own thread took it already
        assertThat(records.last("node-a")).hasValueSatisfying(e -> {
            assertThat(e.call()).isNotNull();
            assertThat(e.call().uniqueId()).isEqualTo("1.1");
            assertThat(e.call().asteriskNode()).isEqualTo("pbx-1.example");
        });
        // an outage of the AMI stream becomes a gap entry of the same chain
        Instant lost = clock.instant();
        builder.onCallEvent(new CallEvent.StreamLost(lost, CallEvent.StreamLost.AMI_DOWN));
        clock.advance(Duration.ofSeconds(30));
        builder.onResync(List.of());
        builder.onCallEvent(new CallEvent.StreamRestored(clock.instant()));
        module.chain().writer().flush();
        assertThat(records.last("node-a")).hasValueSatisfying(e -> {
            assertThat(e.gap()).isNotNull();
            assertThat(e.gap().from()).isEqualTo(lost);
            assertThat(e.gap().to()).isEqualTo(lost.plusSeconds(30));
            assertThat(e.seq()).isEqualTo(2);
        });
        assertThat(module.adminRoutes()).isNotEmpty();
        assertThat(module.ctiRoutes()).isNotEmpty();

        module.stop();
        assertThat(module.services()).isEmpty();
        assertThat(module.callListeners()).isEmpty();
    }

    @Test
    void aRaterOfferedByAModuleStartedAfterThisOneRatesTheRecordsBeforeTheyAreChained() {
        Map<Class<?>, Object> later = new java.util.concurrent.ConcurrentHashMap<>();
        CallRecordsModule module = new CallRecordsModule();
        module.start(context(startable(), later));
        // the credit module starts after call-records and offers its rater
        io.callguard.core.rating.CallRating price = new io.callguard.core.rating.CallRating("pro", 2, "mobile", 30,
                new java.math.BigDecimal("7.5"));
        later.put(io.callguard.core.rating.CallRater.class,
                (io.callguard.core.rating.CallRater) c -> c.answeredAt() == null ? java.util.Optional.empty()
                        : java.util.Optional.of(price));
        CallRecordBuilder builder = (CallRecordBuilder) module.services().get(CallRecordBuilder.class);
        builder.onCallEvent(new CallEvent.ChannelCreated("1.1", "1.1", "PJSIP/a-1", "acme", "0140000000", "0612345678", "Ring"));
        builder.onCallEvent(new CallEvent.ChannelCreated("1.2", "1.1", "PJSIP/carrier-2", "", "0140000000", "0612345678", "Down"));
        clock.advance(Duration.ofSeconds(3));
        builder.onCallEvent(new CallEvent.DialEnded("1.1", "1.2", "ANSWER"));
        clock.advance(Duration.ofSeconds(12));
        builder.onCallEvent(new CallEvent.HungUp("1.2", "PJSIP/carrier-2", 16, null, null));
        builder.onCallEvent(new CallEvent.HungUp("1.1", "PJSIP/a-1", 16, null, null));
        module.chain().writer().flush();
        assertThat(records.last("node-a")).hasValueSatisfying(e -> {
            assertThat(e.call().billableSeconds()).isEqualTo(12);
            assertThat(e.call().rating()).isEqualTo(price);
            assertThat(e.hashHolds()).isTrue();
        });
        assertThat(module.rating().rated()).isEqualTo(1);
        module.stop();
    }

    private ConfigValues startable() {
        return ConfigValues.defaults(new CallRecordsModule().options()).set(ChainOptions.NODE, "node-a", "file")
                .set(ChainOptions.SIGNING_KEY_FILE, dir.resolve("key.pem").toString(), "file")
                .set(ChainOptions.SPILL_DIR, dir.resolve("spill").toString(), "file");
    }

    @Test
    void aRestartGapReachesTheFirstResynchronisationOfTheCallTrackerNotTheModulesStart() {
        CallRecordsModule first = new CallRecordsModule();
        first.start(context(startable()));
        CallRecordBuilder b1 = (CallRecordBuilder) first.services().get(CallRecordBuilder.class);
        first.callListeners().forEach(l -> l.onResync(List.of()));
        b1.onCallEvent(new CallEvent.ChannelCreated("1.1", "1.1", "PJSIP/a-1", "", "", "0612345678", "Ring"));
        clock.advance(Duration.ofSeconds(2));
        b1.onCallEvent(new CallEvent.HungUp("1.1", "PJSIP/a-1", 16, null, null));
        Instant lastEnd = clock.instant();
        first.chain().writer().flush();
        assertThat(records.last("node-a")).hasValueSatisfying(e -> assertThat(e.seq()).isEqualTo(1));
        // a stop (a kill -9 gives the same gap: RecordWriterTest, testbed/records-crash.sh), then a start while AMI
        // does not answer for 40 s
        first.stop();
        clock.advance(Duration.ofSeconds(10));
        CallRecordsModule second = new CallRecordsModule();
        second.start(context(startable()));
        clock.advance(Duration.ofSeconds(40));
        second.chain().writer().flush();
        assertThat(records.last("node-a")).as("no gap before callguard sees again")
                .hasValueSatisfying(e -> assertThat(e.seq()).isEqualTo(1));
        Instant resync = clock.instant();
        second.callListeners().forEach(l -> l.onResync(List.of()));
        second.chain().writer().flush();
        assertThat(records.last("node-a")).hasValueSatisfying(e -> {
            assertThat(e.seq()).isEqualTo(2);
            assertThat(e.gap()).isEqualTo(new io.callguard.core.records.Gap(lastEnd, resync, "RESTART"));
        });
        second.stop();
    }

    @Test
    void purgesOnATimerEveryPurgeIntervalAndOnDemandThroughTheAdminApi() {
        CallRecordsModule module = new CallRecordsModule();
        module.start(context(startable().set(RetentionOptions.PURGE_INTERVAL, "6h", "file")));
        assertThat(module.timers()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("records-purge");
            assertThat(t.period()).isEqualTo(Duration.ofHours(6));
            assertThat(t.blocking()).isTrue();
        });
        assertThat(module.adminRoutes()).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo(ModuleRoute.Method.POST);
            assertThat(r.path()).isEqualTo(PurgeRoute.PATH);
        });
        module.timers().get(0).task().run(); // an empty chain: nothing to purge, no failure
        module.stop();
    }

    @Test
    void aRetentionShorterThanTheContractsSixMonthsRefusesTheStartNamingTheKey() {
        ConfigValues view = startable().set(RetentionOptions.RETENTION, "P3M", "file");
        Map<Class<?>, Object> services = Map.of(Clock.class, clock, FrenchNumberingPlan.class,
                FrenchNumberingPlan.withDefaults(), RecordRepository.class, records, Directory.class, new InMemoryDirectory());
        ModuleHost host = new ModuleHost(RuleModules.discover().enabled(List.of(CallRecordsModule.NAME)), t -> () -> { });
        assertThatThrownBy(() -> host.start(view, view.problems(), services))
                .isInstanceOf(ModuleHost.InvalidOptions.class)
                .hasMessageContaining("records.retention: must be at least P6M (6 months from the invoice date, CGV 9.2)")
                .hasMessageContaining("got 'P3M'");
    }

    @Test
    void theNodeIsTheAmiHostUnlessNamed() {
        assertThat(RecordsOptions.from(ConfigValues.defaults(RecordsOptions.OPTIONS)
                .set(RecordsOptions.AMI_HOST, "10.0.0.5", "app")).asteriskNode()).isEqualTo("10.0.0.5");
        assertThat(RecordsOptions.from(ConfigValues.defaults(RecordsOptions.OPTIONS)
                .set(RecordsOptions.AMI_HOST, "10.0.0.5", "app").set(RecordsOptions.ASTERISK_NODE, "paris-1", "file"))
                .asteriskNode()).isEqualTo("paris-1");
        RecordsOptions defaults = RecordsOptions.from(ConfigValues.defaults(RecordsOptions.OPTIONS));
        assertThat(defaults.forgetAfter()).isEqualTo(Duration.ofHours(3));
        assertThat(defaults.congestionDisposition()).isFalse();
    }
}
