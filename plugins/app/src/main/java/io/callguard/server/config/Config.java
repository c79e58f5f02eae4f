package io.callguard.server.config;

import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.store.StoreOptions;

/**
 * The whole, validated configuration. Built by {@link ConfigLoader}; every part is immutable and its toString
 * masks secrets (AMI secret, DB password, admin token). The rule modules' keys (the call caps' among them) are in
 * {@link #modules()}, read by each module at its start.
 */
public record Config(FastAgiOptions fastAgi, AmiConfig ami, StoreOptions store, AdminConfig admin,
                     NumberingConfig numbering, PolicyConfig policies, ShutdownConfig shutdown,
                     CtiConfig cti, ModuleValues modules) {
}
