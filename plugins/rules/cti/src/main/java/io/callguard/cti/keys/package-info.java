/**
 * Client API keys of the CTI API: issued per account (the secret shown once, only its SHA-256 stored), listed,
 * revoked, and checked on every request from an in-memory cache.
 */
package io.callguard.cti.keys;
