package io.callguard.server.cti;

import io.callguard.core.policy.Reasons;
import io.callguard.cti.calls.CallOutcome;
import io.callguard.cti.calls.ClickToCallService;
import io.callguard.cti.calls.PlaceCall;
import io.callguard.cti.keys.ApiKeyPrincipal;
import io.callguard.server.http.FieldError;
import io.callguard.server.http.Problem;
import io.callguard.server.admin.StoreWorker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * POST /cti/v1/calls (click-to-call: 202 once Asterisk queued the Originate; 403 for a suspended account or another
 * account's line, 409 {@code TRUNK_FULL} / 429 {@code CPS_EXCEEDED} before anything rang, 502 when AMI is down or
 * Asterisk refused) and GET /cti/v1/calls/{id} (the progress the AMI events
 * brought; 404 for another account's call).
 */
final class CallRoutes {
    static final String BASE = "/cti/v1/calls";
    static final Set<String> FIELDS = Set.of("line", "to", "callerId");

    private CallRoutes() { }

    static void mount(Router router, ClickToCallService service, StoreWorker worker) {
        router.post(BASE).handler(ctx -> {
            ApiKeyPrincipal principal = CtiAuth.principal(ctx);
            JsonObject body = CtiJson.object(ctx, FIELDS);
            PlaceCall request = new PlaceCall(body.getString("line"), body.getString("to"), body.getString("callerId"));
            Context here = Vertx.currentContext();
            worker.run(() -> service.call(principal, request))
                    .compose(stage -> Future.fromCompletionStage(stage, here))
                    .onComplete(ar -> {
                        if (ar.failed()) CtiResponses.problem(ctx, CtiResponses.toProblem(ctx, ar.cause()));
                        else answer(ctx, principal, ar.result());
                    });
        });

        router.get(BASE + "/:callId").handler(ctx -> {
            String id = ctx.pathParam("callId");
            // the calls live in memory: no worker needed
            service.get(CtiAuth.principal(ctx), id).ifPresentOrElse(
                    c -> CtiResponses.json(ctx, 200, CtiJson.call(c)),
                    () -> CtiResponses.problem(ctx, Problem.notFound("call '" + id + "' not found")));
        });
    }

    private static void answer(RoutingContext ctx, ApiKeyPrincipal principal, CallOutcome outcome) {
        if (outcome instanceof CallOutcome.Placed p) {
            ctx.response().putHeader(HttpHeaders.LOCATION, BASE + "/" + p.call().id());
            CtiResponses.json(ctx, 202, new JsonObject().put("id", p.call().id())
                    .put("status", p.call().status().wireName()));
        } else if (outcome instanceof CallOutcome.OriginateFailed f) {
            CtiResponses.problem(ctx, Problem.of(502, "originate-failed", "Call not placed",
                    "the call could not be placed: " + f.message()), new JsonObject().put("id", f.call().id()));
        } else if (outcome instanceof CallOutcome.Refused r) {
            refused(ctx, r);
        } else if (outcome instanceof CallOutcome.NotYourLine n) {
            String message = "'" + n.line() + "' is not one of the account's lines";
            CtiResponses.problem(ctx, new Problem(Problem.of(403, "not-your-line", "", "").type(),
                    "Not the account's line", 403, "line: " + message, List.of(new FieldError("line", message))));
        } else if (outcome instanceof CallOutcome.Suspended s) {
            CtiResponses.problem(ctx, Problem.of(403, "account-suspended", "Account suspended",
                    "outbound traffic of account '" + principal.accountId() + "' is suspended (" + s.reason() + ")"),
                    new JsonObject().put("reason", s.reason()));
        } else if (outcome instanceof CallOutcome.Invalid i) {
            CtiResponses.problem(ctx, CtiResponses.invalid(i.field(), i.message()));
        }
    }

    /** Over a cap, before anything rang: 429 with Retry-After for the pace, 409 for a full line; the reason named. */
    private static void refused(RoutingContext ctx, CallOutcome.Refused r) {
        JsonObject reason = new JsonObject().put("reason", r.reason());
        if (Reasons.CPS_EXCEEDED.equals(r.reason())) {
            long seconds = r.retryAfter() == null ? 1 : Math.max(1, (r.retryAfter().toMillis() + 999) / 1000);
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            CtiResponses.problem(ctx, Problem.of(429, "calls-per-second-exceeded", "Calls per second exceeded",
                    "the account placed as many calls as it may this second; nothing rang (" + r.reason() + ")"), reason);
        } else if (Reasons.TRUNK_FULL.equals(r.reason())) {
            CtiResponses.problem(ctx, Problem.of(409, "trunk-full", "Line full",
                    "every channel of the line is in use; nothing rang (" + r.reason() + ")"), reason);
        } else {
            CtiResponses.problem(ctx, Problem.of(409, "call-refused", "Call refused",
                    "the call was refused; nothing rang (" + r.reason() + ")"), reason);
        }
    }
}
