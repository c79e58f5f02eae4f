/**
 * The rule-module SPI: a rule family (call caps, SMS limits, …) is one {@link io.callguard.core.module.RuleModule},
 * found with {@link java.util.ServiceLoader}. It declares its options, names its policies
 * ({@link io.callguard.core.policy.PolicyProvider}s), and once started offers services and contributes timers, admin
 * and CTI routes, call listeners and store migrations, all as plain declarations the app's adapters carry out: no
 * Vert.x, no JDBC here. {@link io.callguard.core.module.RuleModules} starts the enabled modules in order and stops them
 * in reverse. The app builds its policy chain after the start, from the core's built-in policies and the started
 * modules' ({@link io.callguard.core.module.RuleModules#policies}), over its services and the started modules'
 * ({@link io.callguard.core.module.RuleModules#services}), then hands it back to them
 * ({@link io.callguard.core.module.RuleModule#chainBuilt}).
 */
package io.callguard.core.module;
