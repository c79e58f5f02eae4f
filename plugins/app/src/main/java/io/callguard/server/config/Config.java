package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiSettings;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.http.ListenerOptions;
import io.callguard.store.StoreOptions;

/**
 * The whole, validated configuration. Built by {@link ConfigLoader}; every part is immutable and its toString
 * masks secrets (AMI secret, DB password, admin token). Each adapter reads its own keys ({@link FastAgiOptions},
 * {@link io.callguard.asterisk.ami.AmiOptions}, {@link StoreOptions}, {@link ListenerOptions}); the rule modules' keys
 * (the call caps' among them) are in {@link #modules()}, read by each module at its start.
 */
public record Config(FastAgiOptions fastAgi, AmiSettings ami, StoreOptions store, ListenerOptions admin,
                     NumberingConfig numbering, PolicyConfig policies, ShutdownConfig shutdown,
                     ListenerOptions cti, ModuleValues modules) {
}
