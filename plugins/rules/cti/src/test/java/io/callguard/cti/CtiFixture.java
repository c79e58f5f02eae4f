package io.callguard.cti;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Two accounts, A and B, each with a trunk and numbers; and a suspension switch per account. */
public final class CtiFixture {
    public static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    public static final String A = "acct-a";
    public static final String B = "acct-b";
    public static final String A_TRUNK = "trunk-a";
    public static final String B_TRUNK = "trunk-b";
    public static final String A_NUMBER = "0198765432";
    public static final String A_OTHER_NUMBER = "0198765433";
    public static final String B_NUMBER = "0187654321";

    public final InMemoryDirectory directory = new InMemoryDirectory();
    public final Map<String, String> suspended = new ConcurrentHashMap<>();

    public final AccountStatus accountStatus = (accountId, lineId, now) -> Optional.ofNullable(suspended.get(accountId));

    public CtiFixture() {
        directory.put(new Account(A, "Alpha", 7200));
        directory.put(new Account(B, "Beta", 7200));
        directory.put(new Trunk(A_TRUNK, A, TrunkKind.T0_IP, 2));
        directory.put(new Trunk(B_TRUNK, B, TrunkKind.T0_IP, 2));
        directory.put(new DidNumber(A_NUMBER, A, A_TRUNK));
        directory.put(new DidNumber(A_OTHER_NUMBER, A, null));
        directory.put(new DidNumber(B_NUMBER, B, B_TRUNK));
    }
}
