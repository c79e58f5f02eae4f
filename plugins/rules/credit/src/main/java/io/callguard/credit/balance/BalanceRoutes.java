package io.callguard.credit.balance;

import io.callguard.core.module.BodyFields;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The balance routes: {@code PUT /admin/v1/accounts/{id}/billing} {@code {"unpaidCents","asOf"}},
 * {@code POST /admin/v1/accounts/{id}/payments} {@code {"amountCents"}}, {@code GET /admin/v1/accounts/{id}/balance},
 * and {@code GET /cti/v1/balance} (the API key's own account only). Unknown account → 404; a bad field → the API's
 * 400 naming it; nothing is changed by a refused request.
 */
public final class BalanceRoutes {
    /** 10 million euros. */
    static final long MAX_CENTS = 1_000_000_000L;
    /** A billing report computed in the future is a clock or typing error. */
    static final Duration AS_OF_TOLERANCE = Duration.ofMinutes(5);

    /** The fields of a billing report body. */
    public static final Set<String> BILLING_FIELDS = Set.of("unpaidCents", "asOf");
    /** The fields of a payment body. */
    public static final Set<String> PAYMENT_FIELDS = Set.of("amountCents");

    private BalanceRoutes() { }

    public static List<ModuleRoute> admin(BillingService billing, Balances balances, Clock clock) {
        return List.of(
                new ModuleRoute(ModuleRoute.Method.PUT, "/admin/v1/accounts/{id}/billing", true, true, request -> {
                    String id = request.pathParam("id");
                    String actor = request.actor();
                    BodyFields f = new BodyFields(request.jsonObject(Set.of()), BILLING_FIELDS);
                    Long unpaid = f.integer("unpaidCents", true, 0, MAX_CENTS);
                    Instant asOf = f.instant("asOf");
                    if (asOf == null && !f.has("asOf")) f.error("asOf", "is required");
                    if (asOf != null && asOf.isAfter(clock.instant().plus(AS_OF_TOLERANCE))) {
                        f.error("asOf", "must not be in the future, got '" + asOf + "'");
                    }
                    if (balances.balance(id, clock.instant()).isEmpty()) return RouteResponse.notFound(noAccount(id));
                    f.throwIfInvalid();
                    try {
                        Billing b = billing.report(id, unpaid, asOf, actor);
                        Map<String, Object> body = BillingService.json(b);
                        body.put("balance", balances.balance(id, clock.instant()).map(Balance::json).orElse(null));
                        return RouteResponse.ok(body);
                    } catch (NoSuchElementException e) {
                        return RouteResponse.notFound(noAccount(id));
                    }
                }),
                new ModuleRoute(ModuleRoute.Method.POST, "/admin/v1/accounts/{id}/payments", true, true, request -> {
                    String id = request.pathParam("id");
                    String actor = request.actor();
                    BodyFields f = new BodyFields(request.jsonObject(Set.of()), PAYMENT_FIELDS);
                    Long amount = f.integer("amountCents", true, 1, MAX_CENTS);
                    if (balances.balance(id, clock.instant()).isEmpty()) return RouteResponse.notFound(noAccount(id));
                    f.throwIfInvalid();
                    try {
                        Payment p = billing.pay(id, amount, actor);
                        Map<String, Object> body = BillingService.json(p);
                        body.put("balance", balances.balance(id, clock.instant()).map(Balance::json).orElse(null));
                        return RouteResponse.json(201, body);
                    } catch (NoSuchElementException e) {
                        return RouteResponse.notFound(noAccount(id));
                    }
                }),
                // off the event threads: the live calls' reservations may be a Redis round trip
                ModuleRoute.getBlocking("/admin/v1/accounts/{id}/balance", request -> {
                    String id = request.pathParam("id");
                    return balances.balance(id, clock.instant()).map(b -> RouteResponse.ok(b.json()))
                            .orElseGet(() -> RouteResponse.notFound(noAccount(id)));
                }));
    }

    /** {@code GET /cti/v1/balance}: the balance of the key's own account, never another's (no parameter names one). */
    public static List<ModuleRoute> cti(Balances balances, Clock clock) {
        return List.of(ModuleRoute.getBlocking("/cti/v1/balance", request -> {
            String id = request.accountId().orElse(null);
            if (id == null) return RouteResponse.notFound("no account for this key");
            return balances.balance(id, clock.instant()).map(b -> RouteResponse.ok(b.json()))
                    .orElseGet(() -> RouteResponse.notFound(noAccount(id)));
        }));
    }

    private static String noAccount(String id) { return "no account '" + id + "'"; }
}
