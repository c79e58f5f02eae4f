package io.callguard.caps;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.limits.Allocations;
import io.callguard.core.ops.OpsQuery;
import io.callguard.core.ops.OpsSection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The operations page's trunks (R2): every trunk of the directory with its channel cap and the calls holding it now,
 * by account then trunk id, the first {@code limit} listed (with a shared state backend {@code inUse} is the
 * cluster's, one round trip per trunk listed: the HTTP adapter asks off the event loop).
 */
final class TrunksOpsSection implements OpsSection {
    private final Directory directory;
    private final Allocations allocations;

    TrunksOpsSection(Directory directory, Allocations allocations) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
    }

    @Override public String name() { return "trunks"; }

    @Override
    public Object snapshot(OpsQuery query) {
        List<Account> accounts = new ArrayList<>(directory.accounts());
        accounts.sort(Comparator.comparing(Account::id));
        int total = 0;
        int full = 0;
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Account a : accounts) {
            List<Trunk> trunks = new ArrayList<>(directory.trunksOf(a.id()));
            trunks.sort(Comparator.comparing(Trunk::id));
            for (Trunk t : trunks) {
                total++;
                if (listed.size() >= query.limit()) continue;
                int inUse = allocations.inUse(ChannelCapPolicy.resourceOf(t.id()), query.now());
                if (inUse >= t.channels()) full++;
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("trunkId", t.id());
                one.put("accountId", t.accountId());
                one.put("kind", t.kind().name());
                one.put("cap", t.channels());
                one.put("inUse", inUse);
                listed.add(one);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", total);
        body.put("full", full);
        body.put("items", listed);
        return body;
    }
}
