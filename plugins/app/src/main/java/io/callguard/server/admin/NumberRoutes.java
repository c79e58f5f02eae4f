package io.callguard.server.admin;

import io.callguard.core.directory.DidNumber;
import io.vertx.ext.web.Router;

import java.util.Optional;

/**
 * /admin/v1/accounts/{id}/numbers and /admin/v1/accounts/{id}/numbers/{number}; the path's number is normalised
 * like the body's ({@code +33198765432} and {@code 0198765432} name the same number).
 */
final class NumberRoutes {
    private static final String BASE = AccountRoutes.BASE + "/:id/numbers";

    private NumberRoutes() { }

    static void mount(Router router, DirectoryService service, NumberValidator validator, StoreWorker worker) {
        router.get(BASE).handler(ctx -> {
            String accountId = ctx.pathParam("id");
            Responses.reply(ctx, worker.run(() -> service.numbers(accountId)), 200, l -> ApiJson.array(l, ApiJson::number));
        });

        router.post(BASE).handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String actor = Actor.of(ctx);
            DidNumber n = validator.forCreate(accountId, Bodies.object(ctx), actor);
            Responses.created(ctx, worker.run(() -> service.createNumber(n, actor)),
                    x -> AccountRoutes.BASE + "/" + x.accountId() + "/numbers/" + x.number(), ApiJson::number);
        });

        router.get(BASE + "/:number").handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String given = ctx.pathParam("number");
            Optional<String> number = validator.normalise(given);
            Responses.reply(ctx, worker.run(() -> service.number(accountId, number, given)), 200, ApiJson::number);
        });

        router.put(BASE + "/:number").handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String given = ctx.pathParam("number");
            Optional<String> number = validator.normalise(given);
            if (number.isEmpty()) {
                // a path that cannot name an assignable number names nothing; still 404 the account first
                Responses.reply(ctx, worker.run(() -> service.number(accountId, number, given)), 200, ApiJson::number);
                return;
            }
            String actor = Actor.of(ctx);
            DidNumber n = validator.forReplace(accountId, number.get(), Bodies.object(ctx), actor);
            Responses.reply(ctx, worker.run(() -> service.replaceNumber(n, actor)), 200, ApiJson::number);
        });

        router.delete(BASE + "/:number").handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String given = ctx.pathParam("number");
            Optional<String> number = validator.normalise(given);
            String actor = Actor.of(ctx);
            Responses.deleted(ctx, worker.run(() -> {
                service.deleteNumber(accountId, number, given, actor);
                return null;
            }));
        });
    }
}
