package io.callguard.bench;

import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The Asterisk AMI side of a load run: the testkit's EmulatedAmiServer on a fixed port of 127.0.0.1, so that the
 * server under test can be configured with it before the run. Per call: Newchannel before the FastAGI session
 * (the call exists in Asterisk before its AGI runs), Hangup right after it (callguard releases what the call held).
 */
final class AmiCompanion {
    static final String USERNAME = "callguard";
    /** The secret the benchmark script gives callguard (CALLGUARD_AMI_SECRET); loopback only, not a real secret. */
    static final String SECRET = "bench-secret";

    private final EmulatedAmiServer ami;

    AmiCompanion(Vertx vertx) {
        this.ami = new EmulatedAmiServer(vertx, USERNAME, SECRET);
    }

    /** Starts the emulated server on {@code 127.0.0.1:port}. */
    Future<Void> start(int port) {
        return ami.start(port).mapEmpty();
    }

    int loggedInSessions() { return ami.loggedInSessions(); }

    /** Newchannel of a call about to run its AGI (its Linkedid is its own Uniqueid: one leg). */
    Future<Void> callStarts(BenchCall call) {
        return ami.addChannel(call.uniqueId(), call.uniqueId(), call.channel(), call.account(), call.caller(),
                call.callee(), "Ring");
    }

    /** Hangup, cause 16 (normal clearing). */
    Future<Void> callEnds(BenchCall call) { return ami.hangup(call.uniqueId(), 16); }

    Future<Void> close() { return ami.close(); }
}
