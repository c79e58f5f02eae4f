package io.callguard.directory;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.NumberTariffFields;
import io.callguard.core.directory.Trunk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The admin API's JSON shapes of accounts, trunks and numbers, as JSON-shaped maps (key order kept): the answers and
 * the audit trail's before/after show the same.
 */
public final class DirectoryJson {
    private DirectoryJson() { }

    /** {@code {"id","name","maxCallSeconds","callsPerSecond"}}; callsPerSecond null when the policy's default applies. */
    public static Map<String, Object> account(Account a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.id());
        out.put("name", a.name());
        out.put("maxCallSeconds", a.maxCallSeconds());
        out.put("callsPerSecond", a.callsPerSecond());
        // the billing dates only when known: the body of an account that has none is what it was before them
        if (a.activatedOn() != null) out.put("activatedOn", a.activatedOn().toString());
        if (a.invoiceDay() != null) out.put("invoiceDay", a.invoiceDay());
        // the credit fields too: null threshold = the credit module's computed default (see its balance route)
        if (a.creditThresholdCents() != null) out.put("creditThresholdCents", a.creditThresholdCents());
        if (a.tariffPlan() != null) out.put("tariffPlan", a.tariffPlan());
        // the GTR penalties' base (R12, the incidents module), when set
        if (a.monthlySubscriptionCents() != null) out.put("monthlySubscriptionCents", a.monthlySubscriptionCents());
        return out;
    }

    /** {@code {"id","accountId","kind","channels"}}. */
    public static Map<String, Object> trunk(Trunk t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", t.id());
        out.put("accountId", t.accountId());
        out.put("kind", t.kind().name());
        out.put("channels", t.channels());
        return out;
    }

    /** {@code {"number","accountId","trunkId"}}, then the tariff fields the tariff rule shows (08 numbers). */
    public static Map<String, Object> number(DidNumber n, NumberTariffFields tariffs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", n.number());
        out.put("accountId", n.accountId());
        out.put("trunkId", n.trunkId());
        out.putAll(tariffs.json(n));
        return out;
    }

    static <T> List<Object> array(Collection<T> items, Function<T, Map<String, Object>> mapper) {
        List<Object> out = new ArrayList<>(items.size());
        items.forEach(i -> out.add(mapper.apply(i)));
        return out;
    }
}
