/**
 * The rule-module SPI: a rule family (call caps, SMS limits, …) is one {@link io.callguard.core.module.RuleModule},
 * found with {@link java.util.ServiceLoader}. It declares its options, names its policies (the existing
 * {@link io.callguard.core.policy.PolicyProvider} SPI), and once started contributes timers, admin and CTI routes,
 * call listeners and store migrations, all as plain declarations the app's adapters carry out: no Vert.x, no JDBC
 * here. {@link io.callguard.core.module.RuleModules} starts the enabled modules in order and stops them in reverse.
 */
package io.callguard.core.module;
