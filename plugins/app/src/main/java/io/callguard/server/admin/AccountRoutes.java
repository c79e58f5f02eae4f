package io.callguard.server.admin;

import io.callguard.core.directory.Account;
import io.vertx.ext.web.Router;

/** /admin/v1/accounts and /admin/v1/accounts/{id}. */
final class AccountRoutes {
    static final String BASE = "/admin/v1/accounts";

    private AccountRoutes() { }

    static void mount(Router router, DirectoryService service, StoreWorker worker) {
        router.get(BASE).handler(ctx ->
                Responses.reply(ctx, worker.run(service::accounts), 200, list -> ApiJson.array(list, ApiJson::account)));

        router.post(BASE).handler(ctx -> {
            String actor = Actor.of(ctx);
            Account a = AccountValidator.forCreate(Bodies.object(ctx));
            Responses.created(ctx, worker.run(() -> service.createAccount(a, actor)), x -> BASE + "/" + x.id(), ApiJson::account);
        });

        router.get(BASE + "/:id").handler(ctx -> {
            String id = ctx.pathParam("id");
            Responses.reply(ctx, worker.run(() -> service.account(id)), 200, ApiJson::account);
        });

        router.put(BASE + "/:id").handler(ctx -> {
            String actor = Actor.of(ctx);
            Account a = AccountValidator.forReplace(ctx.pathParam("id"), Bodies.object(ctx));
            Responses.reply(ctx, worker.run(() -> service.replaceAccount(a, actor)), 200, ApiJson::account);
        });

        router.delete(BASE + "/:id").handler(ctx -> {
            String id = ctx.pathParam("id");
            String actor = Actor.of(ctx);
            Responses.deleted(ctx, worker.run(() -> {
                service.deleteAccount(id, actor);
                return null;
            }));
        });
    }
}
