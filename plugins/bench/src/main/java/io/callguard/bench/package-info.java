/**
 * Benchmarks of testbed/: a FastAGI load generator that drives a server as Asterisk does (with an optional
 * emulated AMI companion), the baseline responders it is compared with, and the side-by-side report.
 */
package io.callguard.bench;
