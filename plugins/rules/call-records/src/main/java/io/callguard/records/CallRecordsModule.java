package io.callguard.records;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.config.Option;
import io.callguard.core.control.CallEventListener;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.RuleModule;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.DecisionListener;
import io.callguard.core.records.CallRecord;
import io.callguard.records.build.CallRecordBuilder;
import io.callguard.records.build.LoggingRecordSink;
import io.callguard.records.build.RecordsOptions;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * R11 as one rule module. The {@link CallRecordBuilder} hears the AMI call events and the FastAGI decisions (offered
 * as {@link CallEventListener} and {@link DecisionListener}, which the app hands to the AMI adapter and to the
 * decision engine beside the other modules') and the call tracker's resynchronisations ({@link #callListeners}).
 */
public final class CallRecordsModule implements RuleModule {
    public static final String NAME = "call-records";

    /**
     * Where each finished call's record goes. The chain writer (hash chain, durable store) plugs in here, in place
     * of this counter that logs each record at DEBUG.
     */
    private final Consumer<CallRecord> recordSink = new LoggingRecordSink();

    private volatile CallRecordBuilder builder;
    private volatile Map<Class<?>, Object> services = Map.of();

    @Override public String name() { return NAME; }

    @Override public List<Option> options() { return RecordsOptions.OPTIONS; }

    @Override
    public void start(ModuleContext context) {
        RecordsOptions options = RecordsOptions.from(context.config());
        CallRecordBuilder built = new CallRecordBuilder(context.service(Clock.class),
                context.service(FrenchNumberingPlan.class), options.asteriskNode(), options.forgetAfter(),
                options.congestionDisposition(), recordSink);
        builder = built;
        services = Map.of(CallEventListener.class, built, DecisionListener.class, built, CallRecordBuilder.class, built);
    }

    @Override public Map<Class<?>, Object> services() { return services; }

    @Override
    public List<CallTrackerListener> callListeners() {
        CallRecordBuilder b = builder;
        return b == null ? List.of() : List.of(b);
    }

    @Override
    public void stop() {
        builder = null;
        services = Map.of();
    }

    /** The sink the records go to now (the counter until the chain writer replaces it). */
    Consumer<CallRecord> recordSink() { return recordSink; }
}
