package io.callguard.cti.routes;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.cti.keys.ApiKeyPrincipal;
import io.callguard.cti.sms.SendSms;
import io.callguard.cti.sms.SmsAcceptance;
import io.callguard.cti.sms.SmsService;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * POST /cti/v1/sms (202, or the refusal that names its reason: 429 with the window and Retry-After, 403 suspended
 * or not the account's number, 400, 422 for an Idempotency-Key reused for another SMS) and GET /cti/v1/sms/{id}
 * (404 for another account's SMS; 503 with Retry-After when the SMS limits cannot be checked). Both read or write the store: blocking routes.
 */
public final class SmsRoutes {
    public static final String BASE = "/cti/v1/sms";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final Set<String> FIELDS = Set.of("from", "to", "text", "statusCallback");
    /** An SMS may span lines; no other field may. */
    public static final Set<String> FREE_TEXT = Set.of("text");

    private SmsRoutes() { }

    public static List<ModuleRoute> of(SmsService service, Clock clock) {
        return List.of(
                new ModuleRoute(Method.POST, BASE, true, true, request -> {
                    ApiKeyPrincipal principal = Principals.of(request);
                    Map<String, Object> body = CtiJson.strings(request.jsonObject(FREE_TEXT), FIELDS);
                    SendSms sms = new SendSms(CtiJson.string(body, "from"), CtiJson.string(body, "to"),
                            CtiJson.string(body, "text"), request.header(IDEMPOTENCY_KEY).orElse(null),
                            CtiJson.string(body, "statusCallback"));
                    return answer(principal, service.accept(principal, sms, clock.instant()));
                }),
                new ModuleRoute(Method.GET, BASE + "/{smsId}", false, true, request -> {
                    String id = request.pathParam("smsId");
                    return service.get(Principals.of(request), id).map(s -> RouteResponse.ok(CtiJson.sms(s)))
                            .orElseGet(() -> RouteResponse.notFound("SMS '" + id + "' not found"));
                }));
    }

    private static RouteResponse answer(ApiKeyPrincipal principal, SmsAcceptance outcome) {
        if (outcome instanceof SmsAcceptance.Accepted a) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Location", BASE + "/" + a.id());
            if (a.replay()) headers.put("Idempotent-Replayed", "true");
            return new RouteResponse(202, CtiJson.accepted(a.sms()), null, headers);
        } else if (outcome instanceof SmsAcceptance.RateLimited r) {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("window", r.window());
            members.put("article", r.article());
            members.put("retryAfterSeconds", r.retryAfterSeconds());
            return RouteResponse.problem(429, "sms-rate-limit", "SMS limit reached",
                    "the " + r.window() + " SMS limit of account '" + principal.accountId() + "' is reached ("
                            + r.article() + "); retry in " + r.retryAfterSeconds() + " s",
                    members, Map.of("Retry-After", Long.toString(r.retryAfterSeconds())));
        } else if (outcome instanceof SmsAcceptance.StateUnavailable u) {
            return RouteResponse.problem(503, "sms-limits-unavailable", "SMS limits unavailable",
                    "the SMS limits of account '" + principal.accountId() + "' cannot be checked right now (state "
                            + "backend unavailable); nothing was sent: retry in " + u.retryAfterSeconds() + " s",
                    Map.of("retryAfterSeconds", u.retryAfterSeconds()),
                    Map.of("Retry-After", Long.toString(u.retryAfterSeconds())));
        } else if (outcome instanceof SmsAcceptance.Suspended s) {
            return RouteResponse.problem(403, "account-suspended", "Account suspended",
                    "outbound traffic of account '" + principal.accountId() + "' is suspended (" + s.reason() + ")",
                    Map.of("reason", s.reason()), Map.of());
        } else if (outcome instanceof SmsAcceptance.NotYourNumber n) {
            return RouteResponse.fieldProblem(403, "not-your-number", "Not the account's number", "from",
                    "'" + n.from() + "' is not one of the account's numbers");
        } else if (outcome instanceof SmsAcceptance.Invalid i) {
            throw RouteResponse.InvalidFields.of(i.field(), i.message());
        } else if (outcome instanceof SmsAcceptance.IdempotencyMismatch m) {
            return RouteResponse.problem(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "the Idempotency-Key was already used for a different SMS (" + m.existingId() + ")",
                    Map.of("existingId", m.existingId()), Map.of());
        }
        throw new IllegalStateException("unknown SMS outcome " + outcome);
    }
}
