package io.callguard.server.admin;

import io.callguard.core.directory.Trunk;
import io.vertx.ext.web.Router;

/** /admin/v1/accounts/{id}/trunks and /admin/v1/accounts/{id}/trunks/{trunkId}. */
final class TrunkRoutes {
    private static final String BASE = AccountRoutes.BASE + "/:id/trunks";

    private TrunkRoutes() { }

    static void mount(Router router, DirectoryService service, StoreWorker worker) {
        router.get(BASE).handler(ctx -> {
            String accountId = ctx.pathParam("id");
            Responses.reply(ctx, worker.run(() -> service.trunks(accountId)), 200, l -> ApiJson.array(l, ApiJson::trunk));
        });

        router.post(BASE).handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String actor = Actor.of(ctx);
            Trunk t = TrunkValidator.forCreate(accountId, Bodies.object(ctx));
            Responses.created(ctx, worker.run(() -> service.createTrunk(t, actor)),
                    x -> AccountRoutes.BASE + "/" + x.accountId() + "/trunks/" + x.id(), ApiJson::trunk);
        });

        router.get(BASE + "/:trunkId").handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String trunkId = ctx.pathParam("trunkId");
            Responses.reply(ctx, worker.run(() -> service.trunk(accountId, trunkId)), 200, ApiJson::trunk);
        });

        router.put(BASE + "/:trunkId").handler(ctx -> {
            String actor = Actor.of(ctx);
            Trunk t = TrunkValidator.forReplace(ctx.pathParam("id"), ctx.pathParam("trunkId"), Bodies.object(ctx));
            Responses.reply(ctx, worker.run(() -> service.replaceTrunk(t, actor)), 200, ApiJson::trunk);
        });

        router.delete(BASE + "/:trunkId").handler(ctx -> {
            String accountId = ctx.pathParam("id");
            String trunkId = ctx.pathParam("trunkId");
            String actor = Actor.of(ctx);
            Responses.deleted(ctx, worker.run(() -> {
                service.deleteTrunk(accountId, trunkId, actor);
                return null;
            }));
        });
    }
}
