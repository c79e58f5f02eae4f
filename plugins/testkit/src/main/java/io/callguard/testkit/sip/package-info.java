/**
 * A fake of the operator's SMS gateway for tests: a jain-sip UAS on 127.0.0.1 that records the SIP MESSAGEs it
 * receives and answers with the status a test chooses.
 */
package io.callguard.testkit.sip;
