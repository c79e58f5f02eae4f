package io.callguard.records.chain;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;

import java.nio.file.Path;
import java.time.Instant;

/** Test records and options. */
final class Calls {
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private Calls() { }

    /** An answered call numbered {@code n}, ended at T0 + n seconds. */
    static CallRecord call(int n) {
        Instant end = T0.plusSeconds(n);
        Instant start = end.minusSeconds(30);
        return new CallRecord("1733480000." + n, "", "acme", "acme-trunk", Direction.OUTBOUND, "0140000000",
                "0612345678", "0612345678", NumberCategory.MOBILE, "", "ALLOW", "", start, start.plusSeconds(5), end,
                CallRecord.billable(start.plusSeconds(5), end), Disposition.ANSWERED, 16, "ast1", false);
    }

    /** The chain's options with the spill and key in {@code dir}; {@code overrides} as key, value pairs. */
    static ChainOptions options(Path dir, String... overrides) {
        ConfigValues v = ConfigValues.defaults(ChainOptions.OPTIONS);
        v.set(ChainOptions.NODE, "node-a", "file");
        v.set(ChainOptions.SPILL_DIR, dir.resolve("spill").toString(), "file");
        v.set(ChainOptions.SIGNING_KEY_FILE, dir.resolve("key.pem").toString(), "file");
        for (int i = 0; i < overrides.length; i += 2) v.set(overrides[i], overrides[i + 1], "file");
        ChainOptions o = ChainOptions.from(v);
        if (!v.problems().isEmpty()) throw new IllegalArgumentException(v.problems().toString());
        return o;
    }
}
