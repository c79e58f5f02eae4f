package io.callguard.bench;

import io.callguard.testkit.agi.AgiEnvironment;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One generated outbound call: which trunk and account it comes from, the mobile number it dials, its FastAGI
 * header, and the callee leg Asterisk creates when it dials (Uniqueid and channel on the carrier side, Linkedid =
 * the caller's Uniqueid). Uniqueids are {@code <epoch>.<2·seq>} for the caller and {@code <epoch>.<2·seq+1>} for the
 * callee, as Asterisk numbers channels in creation order. Trunk {@code bench-trunk-i} belongs to account {@code bench-acct-(((i-1) % accounts) + 1)}, the layout
 * testbed/bench/fastagi-bench.sh seeds through the admin API.
 */
record BenchCall(long seq, String uniqueId, String channel, String trunk, String account, String caller,
                 String callee, byte[] header, String calleeUniqueId, String calleeChannel) {

    static String trunkName(int i) { return "bench-trunk-" + i; }

    static String accountName(int i) { return "bench-acct-" + i; }

    /** The account that owns trunk {@code i} (1-based). */
    static int accountOfTrunk(int trunk, int accounts) { return ((trunk - 1) % accounts) + 1; }

    /** Numbers the calls and spreads them round-robin over the trunks; thread-safe. */
    static final class Factory {
        private final AtomicLong sequence = new AtomicLong();
        private final long epoch = System.currentTimeMillis() / 1000;
        private final String script;
        private final int trunks;
        private final int accounts;

        Factory(String script, int trunks, int accounts) {
            this.script = script;
            this.trunks = trunks;
            this.accounts = accounts;
        }

        BenchCall next() {
            long seq = sequence.getAndIncrement();
            int trunk = (int) (seq % trunks) + 1;
            String trunkName = trunkName(trunk);
            String account = accountName(accountOfTrunk(trunk, accounts));
            // Asterisk's Uniqueid is "<boot epoch>.<sequence>", its channel names "<tech>/<endpoint>-<8 hex>"
            String uniqueId = epoch + "." + (2 * seq);
            String channel = "PJSIP/" + trunkName + "-" + String.format("%08x", (2 * seq) & 0xffffffffL);
            String calleeUniqueId = epoch + "." + (2 * seq + 1);
            String calleeChannel = "PJSIP/bench-carrier-" + String.format("%08x", (2 * seq + 1) & 0xffffffffL);
            String caller = "01" + eightDigits(seq * 7 + 1);
            String callee = "06" + eightDigits(seq);
            AgiEnvironment env = AgiEnvironment.builder().script(script).channel(channel).uniqueId(uniqueId)
                    .accountCode(account).callerId(caller).extension(callee).context("from-client").build();
            return new BenchCall(seq, uniqueId, channel, trunkName, account, caller, callee, env.toBytes(),
                    calleeUniqueId, calleeChannel);
        }

        private static String eightDigits(long n) {
            String s = Long.toString(Math.floorMod(n, 100_000_000L));
            return "00000000".substring(s.length()) + s;
        }
    }
}
