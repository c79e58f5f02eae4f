/**
 * Per-key request limiter of the CTI API (Bucket4j token buckets with a small burst), so one runaway integration
 * cannot load callguard for everyone else; plus the Bucket4j clock adapter.
 */
package io.callguard.cti.ratelimit;
