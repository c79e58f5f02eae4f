package io.callguard.tariff;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * Walking the directory is CPU work proportional to its size: the routes are blocking ones, run off the event loop.
 */
public final class TariffRoutes {
    public static final String PROMPTS = "/admin/v1/tariff-prompts";
    public static final String SPECIAL_NUMBERS = "/admin/v1/special-numbers";
    public static final String ANNOUNCEMENT_OFF = "/admin/v1/reports/announcement-off";

    private TariffRoutes() { }

    /** The three routes over {@code directory}. */
    public static List<ModuleRoute> of(Directory directory) {
        return List.of(
                blockingGet(PROMPTS, () -> list(TariffPrompts.inUse(allNumbers(directory)), TariffRoutes::prompt)),
                blockingGet(SPECIAL_NUMBERS,
                        () -> list(TariffReports.specialNumbers(allNumbers(directory)), TariffRoutes::view)),
                blockingGet(ANNOUNCEMENT_OFF,
                        () -> list(TariffReports.announcementsOff(allNumbers(directory)), TariffRoutes::view)));
    }

    private static ModuleRoute blockingGet(String path, Supplier<List<Object>> body) {
        return new ModuleRoute(ModuleRoute.Method.GET, path, false, true, request -> RouteResponse.ok(body.get()));
    }

    private static <T> List<Object> list(List<T> items, Function<T, Map<String, Object>> json) {
        List<Object> out = new ArrayList<>(items.size());
        for (T item : items) out.add(json.apply(item));
        return out;
    }

    private static List<DidNumber> allNumbers(Directory directory) {
        List<DidNumber> all = new ArrayList<>();
        for (Account a : directory.accounts()) all.addAll(directory.numbersOf(a.id()));
        return all;
    }

    /** The API's JSON shape of an announcement. */
    static Map<String, Object> prompt(TariffPrompt p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("prompt", p.prompt());
        json.put("text", p.text());
        return json;
    }

    /** The API's JSON shape of an 08 number in the reports, field order as documented. */
    static Map<String, Object> view(SpecialNumberView v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("number", v.number());
        json.put("accountId", v.accountId());
        json.put("category", v.category().name());
        json.put("chargeCents", v.chargeCents());
        json.put("chargeUnit", v.chargeUnit() == null ? null : v.chargeUnit().name());
        json.put("announcement", v.announcement());
        json.put("announcementOffAt", v.announcementOffAt() == null ? null : v.announcementOffAt().toString());
        json.put("announcementOffBy", v.announcementOffBy());
        json.put("prompt", v.prompt());
        json.put("tariffMissing", v.tariffMissing());
        return json;
    }
}
