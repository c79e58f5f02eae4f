package io.callguard.server.admin;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Directory;
import io.callguard.tariff.SpecialNumberView;
import io.callguard.tariff.TariffPrompt;
import io.callguard.tariff.TariffPrompts;
import io.callguard.tariff.TariffReports;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.List;

/**
 * The tariff announcement's read side (R9), from the directory the decisions read (so that it lists exactly what
 * the calls hear):
 * <ul>
 *   <li>{@code GET /admin/v1/tariff-prompts}: the announcements in use, {@code [{"prompt","text"}]}, what
 *       {@code testbed/prompts/render-prompts.sh --from-admin} renders;</li>
 *   <li>{@code GET /admin/v1/special-numbers}: every 08 number with its charge, option and announcement;</li>
 *   <li>{@code GET /admin/v1/reports/announcement-off}: the 08 numbers whose client switched the announcement off
 *       (and so announces its tariff itself), latest switch-off first.</li>
 * </ul>
 * Walking the directory is CPU work proportional to its size: it runs on the store worker pool, off the event loop.
 */
final class TariffRoutes {
    static final String PROMPTS = "/admin/v1/tariff-prompts";
    static final String SPECIAL_NUMBERS = "/admin/v1/special-numbers";
    static final String ANNOUNCEMENT_OFF = "/admin/v1/reports/announcement-off";

    private TariffRoutes() { }

    static void mount(Router router, Directory directory, StoreWorker worker) {
        router.get(PROMPTS).handler(ctx -> Responses.reply(ctx,
                worker.run(() -> TariffPrompts.inUse(allNumbers(directory))), 200,
                prompts -> ApiJson.array(prompts, TariffRoutes::prompt)));
        router.get(SPECIAL_NUMBERS).handler(ctx -> Responses.reply(ctx,
                worker.run(() -> TariffReports.specialNumbers(allNumbers(directory))), 200,
                views -> ApiJson.array(views, TariffRoutes::view)));
        router.get(ANNOUNCEMENT_OFF).handler(ctx -> Responses.reply(ctx,
                worker.run(() -> TariffReports.announcementsOff(allNumbers(directory))), 200,
                views -> ApiJson.array(views, TariffRoutes::view)));
    }

    private static List<DidNumber> allNumbers(Directory directory) {
        List<DidNumber> all = new ArrayList<>();
        for (Account a : directory.accounts()) all.addAll(directory.numbersOf(a.id()));
        return all;
    }

    static JsonObject prompt(TariffPrompt p) { return new JsonObject().put("prompt", p.prompt()).put("text", p.text()); }

    static JsonObject view(SpecialNumberView v) {
        return new JsonObject()
                .put("number", v.number())
                .put("accountId", v.accountId())
                .put("category", v.category().name())
                .put("chargeCents", v.chargeCents())
                .put("chargeUnit", v.chargeUnit() == null ? null : v.chargeUnit().name())
                .put("announcement", v.announcement())
                .put("announcementOffAt", v.announcementOffAt() == null ? null : v.announcementOffAt().toString())
                .put("announcementOffBy", v.announcementOffBy())
                .put("prompt", v.prompt())
                .put("tariffMissing", v.tariffMissing());
    }
}
