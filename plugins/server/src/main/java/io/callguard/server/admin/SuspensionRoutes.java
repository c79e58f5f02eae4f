package io.callguard.server.admin;

import io.callguard.core.directory.Directory;
import io.callguard.server.http.FieldError;
import io.callguard.server.http.Problem;
import io.callguard.suspension.AlreadyEndedException;
import io.callguard.suspension.SuspendCommand;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionNotFoundException;
import io.callguard.suspension.SuspensionService;
import io.callguard.suspension.SuspensionStatus;
import io.callguard.suspension.UnknownTargetException;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * /admin/v1/accounts/{id}/suspensions and …/suspensions/{sid}: suspend the account or one of its trunks (now or
 * from {@code startsAt}), list the suspensions with their history, lift one (or cancel a scheduled one). The
 * service persists, updates the decisions' in-memory book and audits before the reply.
 */
final class SuspensionRoutes {
    static final String BASE = AccountRoutes.BASE + "/:id/suspensions";
    /** Request fields the service names in its {@code IllegalArgumentException} messages ({@code "startsAt: …"}). */
    private static final Set<String> FIELDS = Set.of("reason", "note", "startsAt", "trunkId", "hangUpLiveCalls");

    private SuspensionRoutes() { }

    static void mount(Router router, SuspensionService service, Directory directory, Clock clock, StoreWorker worker) {
        router.post(BASE).handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String actor = Actor.of(ctx);
            SuspendCommand command = SuspensionValidator.forCreate(accountId, actor,
                    Bodies.object(ctx, SuspensionValidator.FREE_TEXT));
            Responses.created(ctx, worker.run(() -> translated(() -> service.suspend(command))),
                    SuspensionRoutes::location, s -> ApiJson.suspension(s, clock.instant()));
        });

        router.get(BASE).handler(ctx -> {
            String accountId = ctx.pathParam("id");
            Set<SuspensionStatus> statuses = SuspensionValidator.statuses(ctx.queryParam("status"));
            requireAccount(directory, accountId);
            Responses.reply(ctx, worker.run(() -> service.history(accountId)), 200, list -> {
                Instant now = clock.instant();
                JsonArray out = new JsonArray();
                for (Suspension s : list) {
                    if (statuses.contains(s.status(now))) out.add(ApiJson.suspension(s, now));
                }
                return out;
            });
        });

        router.get(BASE + "/:sid").handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String suspensionId = ctx.pathParam("sid");
            requireAccount(directory, accountId);
            Responses.reply(ctx, worker.run(() -> translated(() -> service.get(accountId, suspensionId))), 200,
                    s -> ApiJson.suspension(s, clock.instant()));
        });

        // Lifts an active suspension, cancels a scheduled one: 200 with it as it ended (LIFTED or CANCELLED).
        router.delete(BASE + "/:sid").handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String suspensionId = ctx.pathParam("sid");
            String actor = Actor.of(ctx);
            requireAccount(directory, accountId);
            Responses.reply(ctx, worker.run(() -> translated(() -> service.lift(accountId, suspensionId, actor))),
                    200, s -> ApiJson.suspension(s, clock.instant()));
        });
    }

    static String location(Suspension s) { return AccountRoutes.BASE + "/" + s.accountId() + "/suspensions/" + s.id(); }

    /** 404 for an unknown account (the directory in memory: no blocking). */
    private static void requireAccount(Directory directory, String accountId) {
        if (!Ids.valid(accountId) || directory.account(accountId).isEmpty()) {
            throw Problem.notFound("account '" + accountId + "' not found").exception();
        }
    }

    /** Runs the service call, turning its exceptions into the problems they mean. */
    private static <T> T translated(Callable<T> work) throws Exception {
        try {
            return work.call();
        } catch (SuspensionNotFoundException e) {
            throw Problem.notFound(e.getMessage()).exception();
        } catch (AlreadyEndedException e) {
            throw Problem.conflict(e.getMessage()).exception();
        } catch (UnknownTargetException e) {
            if (!"trunkId".equals(e.field())) throw Problem.notFound(e.getMessage()).exception();
            throw Problem.validation(List.of(new FieldError(e.field(),
                    SuspensionValidator.withoutField(e.field(), e.getMessage())))).exception();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(": ");
            String field = colon > 0 ? message.substring(0, colon) : "";
            if (!FIELDS.contains(field)) throw Problem.badRequest(message).exception();
            throw Problem.validation(List.of(new FieldError(field, message.substring(colon + 2)))).exception();
        }
    }
}
