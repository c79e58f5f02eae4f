/**
 * Counted, expiring allocations of a bounded resource (a trunk's channels, an account's calls per second): the
 * one primitive every cap is built on, with an in-memory implementation exact under concurrency.
 */
package io.callguard.core.limits;
