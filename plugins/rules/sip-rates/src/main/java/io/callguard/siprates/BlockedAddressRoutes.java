package io.callguard.siprates;

import io.callguard.core.net.AddressRanges;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/v1/blocked-addresses} ({@code {"items": [{address, reason, since, until, count}]}}, oldest block
 * first) and {@code DELETE /admin/v1/blocked-addresses/{address}} (204; 400 for what is not an IP literal; 404 when
 * not blocked). In memory, answered on the caller's thread; the unblock's audit and command follow on the module's.
 */
final class BlockedAddressRoutes {
    static final String PATH = "/admin/v1/blocked-addresses";

    private BlockedAddressRoutes() { }

    static List<ModuleRoute> of(BlockList blocks, SipRateActions actions, Clock clock) {
        return List.of(
                ModuleRoute.get(PATH, request -> RouteResponse.ok(Map.of("items",
                        blocks.list(clock.instant()).stream().map(BlockedAddress::json).toList()))),
                new ModuleRoute(ModuleRoute.Method.DELETE, PATH + "/{address}", false, false, request -> {
                    String raw = request.pathParam("address");
                    String address = AddressRanges.canonical(raw);
                    if (address == null) throw RouteResponse.InvalidFields.of("address", "not an IP address: '" + raw + "'");
                    Instant now = clock.instant();
                    return blocks.remove(address).filter(b -> now.isBefore(b.until())).map(b -> {
                        actions.unblocked(b, request.actor(), now, "by " + request.actor());
                        return RouteResponse.noContent();
                    }).orElseGet(() -> RouteResponse.notFound("address " + address + " is not blocked"));
                }));
    }
}
