package io.callguard.server.config;

import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.store.StoreOptions;

/**
 * The whole, validated configuration. Built by {@link ConfigLoader}; every part is immutable and its toString
 * masks secrets (AMI secret, DB password, admin token).
 */
public record Config(FastAgiOptions fastAgi, AmiConfig ami, StoreOptions store, AdminConfig admin,
                     NumberingConfig numbering, PolicyConfig policies, ShutdownConfig shutdown, CapsConfig caps,
                     CtiConfig cti, ModuleValues modules) {
}
