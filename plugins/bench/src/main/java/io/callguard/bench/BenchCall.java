package io.callguard.bench;

import io.callguard.testkit.agi.AgiEnvironment;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One generated outbound call: which trunk and account it comes from, the mobile number it dials, and its FastAGI
 * header. Trunk {@code bench-trunk-i} belongs to account {@code bench-acct-(((i-1) % accounts) + 1)}, the layout
 * testbed/bench/fastagi-bench.sh seeds through the admin API.
 */
record BenchCall(long seq, String uniqueId, String channel, String trunk, String account, String caller,
                 String callee, byte[] header) {

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
            String uniqueId = epoch + "." + seq;
            String channel = "PJSIP/" + trunkName + "-" + String.format("%08x", seq & 0xffffffffL);
            String caller = "01" + eightDigits(seq * 7 + 1);
            String callee = "06" + eightDigits(seq);
            AgiEnvironment env = AgiEnvironment.builder().script(script).channel(channel).uniqueId(uniqueId)
                    .accountCode(account).callerId(caller).extension(callee).context("from-client").build();
            return new BenchCall(seq, uniqueId, channel, trunkName, account, caller, callee, env.toBytes());
        }

        private static String eightDigits(long n) {
            String s = Long.toString(Math.floorMod(n, 100_000_000L));
            return "00000000".substring(s.length()) + s;
        }
    }
}
