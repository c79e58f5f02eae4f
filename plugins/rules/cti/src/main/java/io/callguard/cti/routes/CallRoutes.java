package io.callguard.cti.routes;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.policy.Reasons;
import io.callguard.cti.calls.CallOutcome;
import io.callguard.cti.calls.ClickToCallService;
import io.callguard.cti.calls.PlaceCall;
import io.callguard.cti.keys.ApiKeyPrincipal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * POST /cti/v1/calls (click-to-call: 202 once Asterisk queued the Originate; 403 for a suspended account or another
 * account's line, 409 {@code TRUNK_FULL} / 429 {@code CPS_EXCEEDED} before anything rang, 502 when AMI is down or
 * Asterisk refused) and GET /cti/v1/calls/{id} (the progress the AMI events brought, from memory; 404 for another
 * account's call).
 */
public final class CallRoutes {
    public static final String BASE = "/cti/v1/calls";
    public static final Set<String> FIELDS = Set.of("line", "to", "callerId");

    private CallRoutes() { }

    public static List<ModuleRoute> of(ClickToCallService service) {
        return List.of(
                // the placing runs off the event threads; the answer waits for Asterisk without holding one
                new ModuleRoute(Method.POST, BASE, true, true, ModuleRoute.Handler.later(request -> {
                    ApiKeyPrincipal principal = Principals.of(request);
                    Map<String, Object> body = CtiJson.strings(request.jsonObject(Set.of()), FIELDS);
                    PlaceCall call = new PlaceCall(CtiJson.string(body, "line"), CtiJson.string(body, "to"),
                            CtiJson.string(body, "callerId"));
                    return service.call(principal, call).thenApply(outcome -> answer(principal, outcome));
                })),
                // the calls live in memory: no worker needed
                ModuleRoute.get(BASE + "/{callId}", request -> {
                    String id = request.pathParam("callId");
                    return service.get(Principals.of(request), id).map(c -> RouteResponse.ok(CtiJson.call(c)))
                            .orElseGet(() -> RouteResponse.notFound("call '" + id + "' not found"));
                }));
    }

    private static RouteResponse answer(ApiKeyPrincipal principal, CallOutcome outcome) {
        if (outcome instanceof CallOutcome.Placed p) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", p.call().id());
            body.put("status", p.call().status().wireName());
            return new RouteResponse(202, body, null, Map.of("Location", BASE + "/" + p.call().id()));
        } else if (outcome instanceof CallOutcome.OriginateFailed f) {
            return RouteResponse.problem(502, "originate-failed", "Call not placed",
                    "the call could not be placed: " + f.message(), Map.of("id", f.call().id()), Map.of());
        } else if (outcome instanceof CallOutcome.Refused r) {
            return refused(r);
        } else if (outcome instanceof CallOutcome.NotYourLine n) {
            return RouteResponse.fieldProblem(403, "not-your-line", "Not the account's line", "line",
                    "'" + n.line() + "' is not one of the account's lines");
        } else if (outcome instanceof CallOutcome.Suspended s) {
            return RouteResponse.problem(403, "account-suspended", "Account suspended",
                    "outbound traffic of account '" + principal.accountId() + "' is suspended (" + s.reason() + ")",
                    Map.of("reason", s.reason()), Map.of());
        } else if (outcome instanceof CallOutcome.Invalid i) {
            throw RouteResponse.InvalidFields.of(i.field(), i.message());
        }
        throw new IllegalStateException("unknown call outcome " + outcome);
    }

    /** Over a cap, before anything rang: 429 with Retry-After for the pace, 409 for a full line; the reason named. */
    private static RouteResponse refused(CallOutcome.Refused r) {
        Map<String, Object> reason = Map.of("reason", r.reason());
        if (Reasons.CPS_EXCEEDED.equals(r.reason())) {
            long seconds = r.retryAfter() == null ? 1 : Math.max(1, (r.retryAfter().toMillis() + 999) / 1000);
            return RouteResponse.problem(429, "calls-per-second-exceeded", "Calls per second exceeded",
                    "the account placed as many calls as it may this second; nothing rang (" + r.reason() + ")",
                    reason, Map.of("Retry-After", Long.toString(seconds)));
        } else if (Reasons.TRUNK_FULL.equals(r.reason())) {
            return RouteResponse.problem(409, "trunk-full", "Line full",
                    "every channel of the line is in use; nothing rang (" + r.reason() + ")", reason, Map.of());
        }
        return RouteResponse.problem(409, "call-refused", "Call refused",
                "the call was refused; nothing rang (" + r.reason() + ")", reason, Map.of());
    }
}
