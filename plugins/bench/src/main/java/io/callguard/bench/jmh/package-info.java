/**
 * JMH benchmarks of the decision path in memory, without sockets: the server's default policy chain, built from
 * the rule modules' providers over a small directory, timed per decision (testbed/bench/jmh-decision.sh runs them).
 */
package io.callguard.bench.jmh;
