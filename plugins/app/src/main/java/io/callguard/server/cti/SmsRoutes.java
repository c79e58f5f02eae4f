package io.callguard.server.cti;

import io.callguard.cti.keys.ApiKeyPrincipal;
import io.callguard.cti.sms.SendSms;
import io.callguard.cti.sms.SmsAcceptance;
import io.callguard.cti.sms.SmsService;
import io.callguard.server.http.FieldError;
import io.callguard.server.http.Problem;
import io.callguard.server.admin.StoreWorker;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * POST /cti/v1/sms (202, or the refusal that names its reason: 429 with the window and Retry-After, 403 suspended
 * or not the account's number, 400, 422 for an Idempotency-Key reused for another SMS) and GET /cti/v1/sms/{id}
 * (404 for another account's SMS). Acceptance reads and writes the store: it runs on the store worker.
 */
final class SmsRoutes {
    static final String BASE = "/cti/v1/sms";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final Set<String> FIELDS = Set.of("from", "to", "text", "statusCallback");
    /** An SMS may span lines; no other field may. */
    static final Set<String> FREE_TEXT = Set.of("text");

    private SmsRoutes() { }

    static void mount(Router router, SmsService service, Clock clock, StoreWorker worker) {
        router.post(BASE).handler(ctx -> {
            ApiKeyPrincipal principal = CtiAuth.principal(ctx);
            JsonObject body = CtiJson.object(ctx, FIELDS, FREE_TEXT);
            SendSms request = new SendSms(body.getString("from"), body.getString("to"), body.getString("text"),
                    ctx.request().getHeader(IDEMPOTENCY_KEY), body.getString("statusCallback"));
            worker.run(() -> service.accept(principal, request, clock.instant())).onComplete(ar -> {
                if (ar.failed()) CtiResponses.problem(ctx, CtiResponses.toProblem(ctx, ar.cause()));
                else answer(ctx, principal, ar.result());
            });
        });

        router.get(BASE + "/:smsId").handler(ctx -> {
            ApiKeyPrincipal principal = CtiAuth.principal(ctx);
            String id = ctx.pathParam("smsId");
            worker.run(() -> service.get(principal, id)).onComplete(ar -> {
                if (ar.failed()) CtiResponses.problem(ctx, CtiResponses.toProblem(ctx, ar.cause()));
                else if (ar.result().isEmpty()) CtiResponses.problem(ctx, Problem.notFound("SMS '" + id + "' not found"));
                else CtiResponses.json(ctx, 200, CtiJson.sms(ar.result().get()));
            });
        });
    }

    private static void answer(RoutingContext ctx, ApiKeyPrincipal principal, SmsAcceptance outcome) {
        if (outcome instanceof SmsAcceptance.Accepted a) {
            ctx.response().putHeader(HttpHeaders.LOCATION, BASE + "/" + a.id());
            if (a.replay()) ctx.response().putHeader("Idempotent-Replayed", "true");
            CtiResponses.json(ctx, 202, CtiJson.accepted(a.sms()));
        } else if (outcome instanceof SmsAcceptance.RateLimited r) {
            ctx.response().putHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
            CtiResponses.problem(ctx, Problem.of(429, "sms-rate-limit", "SMS limit reached",
                    "the " + r.window() + " SMS limit of account '" + principal.accountId() + "' is reached ("
                            + r.article() + "); retry in " + r.retryAfterSeconds() + " s"),
                    new JsonObject().put("window", r.window()).put("article", r.article())
                            .put("retryAfterSeconds", r.retryAfterSeconds()));
        } else if (outcome instanceof SmsAcceptance.Suspended s) {
            CtiResponses.problem(ctx, Problem.of(403, "account-suspended", "Account suspended",
                    "outbound traffic of account '" + principal.accountId() + "' is suspended (" + s.reason() + ")"),
                    new JsonObject().put("reason", s.reason()));
        } else if (outcome instanceof SmsAcceptance.NotYourNumber n) {
            String message = "'" + n.from() + "' is not one of the account's numbers";
            CtiResponses.problem(ctx, new Problem(Problem.of(403, "not-your-number", "", "").type(),
                    "Not the account's number", 403, "from: " + message, List.of(new FieldError("from", message))));
        } else if (outcome instanceof SmsAcceptance.Invalid i) {
            CtiResponses.problem(ctx, CtiResponses.invalid(i.field(), i.message()));
        } else if (outcome instanceof SmsAcceptance.IdempotencyMismatch m) {
            CtiResponses.problem(ctx, Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "the Idempotency-Key was already used for a different SMS (" + m.existingId() + ")"),
                    new JsonObject().put("existingId", m.existingId()));
        }
    }
}
