package io.callguard.siprates;

import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RouteResponse.InvalidFields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET} and {@code PUT /admin/v1/trunks/{trunkId}/sip-addresses}: the public addresses and CIDR ranges a
 * customer trunk sends its SIP from (pjsip's {@code identify match=}), by which R5 tells the account of a message.
 * Both answer {@code {"trunkId", "accountId", "addresses": [...]}}. The PUT replaces the list (at most
 * {@link #MAX_ADDRESSES}, literals only, canonicalised, duplicates once): 400 naming {@code addresses}, 404 for an
 * unknown trunk, 409 when another account's trunk holds one of them or an overlapping range; audited.
 */
public final class TrunkAddressRoutes {
    static final String PATH = "/admin/v1/trunks/{trunkId}/sip-addresses";
    static final String FIELD = "addresses";
    /** The PUT body's fields. */
    public static final Set<String> FIELDS = Set.of(FIELD);
    static final int MAX_ADDRESSES = 64;

    private TrunkAddressRoutes() { }

    static List<ModuleRoute> of(Directory directory, AccountAddresses addresses) {
        return List.of(
                ModuleRoute.get(PATH, request -> trunk(directory, request)
                        .map(t -> RouteResponse.ok(json(t, addresses.of(t.id()))))
                        .orElseGet(() -> notFound(request))),
                new ModuleRoute(ModuleRoute.Method.PUT, PATH, true, true, request -> {
                    Map<String, Object> body = request.jsonObject(Set.of());
                    Optional<Trunk> trunk = trunk(directory, request);
                    if (trunk.isEmpty()) return notFound(request);
                    List<TrunkAddress> entries = read(body);
                    try {
                        return RouteResponse.ok(json(trunk.get(), addresses.replace(trunk.get(), entries, request.actor())));
                    } catch (AccountAddresses.Conflict e) {
                        return RouteResponse.conflict(FIELD + ": " + e.getMessage());
                    }
                }));
    }

    /** @throws InvalidFields naming {@code addresses} (or the unknown field) */
    static List<TrunkAddress> read(Map<String, Object> body) {
        for (String k : body.keySet()) {
            if (!FIELDS.contains(k)) throw InvalidFields.of(k, "unknown field (known: " + FIELD + ")");
        }
        if (!(body.get(FIELD) instanceof List<?> list)) throw InvalidFields.of(FIELD, "required: an array of IP addresses or CIDR ranges");
        if (list.size() > MAX_ADDRESSES) {
            throw InvalidFields.of(FIELD, "at most " + MAX_ADDRESSES + " entries, got " + list.size());
        }
        Set<TrunkAddress> out = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String text)) {
                problems.add("[" + i + "] must be a string");
                continue;
            }
            try {
                out.add(TrunkAddress.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add("[" + i + "] " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw InvalidFields.of(FIELD, String.join("; ", problems));
        return List.copyOf(out);
    }

    private static Optional<Trunk> trunk(Directory directory, RouteRequest request) {
        return directory.trunk(request.pathParam("trunkId"));
    }

    private static RouteResponse notFound(RouteRequest request) {
        return RouteResponse.notFound("trunk '" + request.pathParam("trunkId") + "' does not exist");
    }

    private static Map<String, Object> json(Trunk trunk, List<String> addresses) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trunkId", trunk.id());
        out.put("accountId", trunk.accountId());
        out.put("addresses", addresses);
        return out;
    }
}
