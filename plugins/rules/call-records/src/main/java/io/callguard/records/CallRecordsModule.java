package io.callguard.records;

import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.RuleModule;

/** R11 as one rule module. (Skeleton: the builder, the chain writer and the routes are wired in as they land.) */
public final class CallRecordsModule implements RuleModule {
    public static final String NAME = "call-records";

    @Override public String name() { return NAME; }

    @Override public void start(ModuleContext context) { }
}
