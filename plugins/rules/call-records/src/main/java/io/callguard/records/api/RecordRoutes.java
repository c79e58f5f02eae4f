package io.callguard.records.api;

import io.callguard.core.directory.Directory;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.ModuleRoute.Method;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.module.StreamedBody;
import io.callguard.core.records.RecordEntry;
import io.callguard.core.records.RecordRepository;
import io.callguard.core.records.RecordRepository.RecordPage;
import io.callguard.core.time.RequestInstants;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The call records' read routes. Both take {@code from} and {@code to} (ISO-8601, a call is in when its start is in
 * [from, to); default: everything), {@code cursor} (the previous page's {@code next}) and {@code limit} (1..
 * {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}), and answer {@code {"items": [...], "next": cursor-or-null}}
 * ({@link RecordJson}), oldest start first; with {@code Accept: text/csv}, the whole range (from the cursor when one is
 * given) as one CSV streamed page by page, whatever its size. Every route runs on the store worker.
 * <ul>
 *   <li>{@code GET /admin/v1/accounts/{accountId}/records}: any account the directory knows (404 otherwise).</li>
 *   <li>{@code GET /cti/v1/records}: the calling key's account only; {@code ?account=} naming another one is 403.</li>
 * </ul>
 */
public final class RecordRoutes {
    public static final String ADMIN_PATH = "/admin/v1/accounts/{accountId}/records";
    public static final String CTI_PATH = "/cti/v1/records";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Records per store query while a CSV streams. */
    static final int CSV_PAGE = 1000;
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private RecordRoutes() { }

    /** The admin API's route; {@code directory} tells the accounts that exist. */
    public static List<ModuleRoute> admin(RecordRepository repository, Directory directory) {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(directory, "directory");
        return List.of(new ModuleRoute(Method.GET, ADMIN_PATH, false, true, request -> {
            String accountId = request.pathParam("accountId");
            if (directory.account(accountId).isEmpty()) {
                return RouteResponse.notFound("account '" + accountId + "' not found");
            }
            return answer(repository, accountId, request);
        }));
    }

    /** The CTI API's route: the records of the account of the key the request authenticated with. */
    public static List<ModuleRoute> cti(RecordRepository repository) {
        Objects.requireNonNull(repository, "repository");
        return List.of(new ModuleRoute(Method.GET, CTI_PATH, false, true, request -> {
            String accountId = request.accountId()
                    .orElseThrow(() -> new IllegalStateException("a CTI route without an account"));
            Optional<String> asked = request.query("account");
            if (asked.isPresent() && !asked.get().equals(accountId)) {
                return RouteResponse.fieldProblem(403, "not-your-account", "Not the key's account", "account",
                        "a key reads the records of its own account only");
            }
            return answer(repository, accountId, request);
        }));
    }

    private static RouteResponse answer(RecordRepository repository, String accountId, RouteRequest request) {
        Query q = Query.of(request);
        if (wantsCsv(request)) {
            return RouteResponse.streamed(200, new Csv(repository, accountId, q), Map.of("Content-Disposition",
                    "attachment; filename=\"records-" + accountId.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\""));
        }
        RecordPage page = page(repository, accountId, q.from(), q.to(), q.cursor(), q.limit());
        List<Map<String, Object>> items = new ArrayList<>(page.items().size());
        for (RecordEntry e : page.items()) items.add(RecordJson.item(e));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("next", page.next());
        return RouteResponse.ok(body);
    }

    /** A cursor the repository cannot read is the client's mistake: 400 naming it. */
    private static RecordPage page(RecordRepository repository, String accountId, Instant from, Instant to,
                                   String cursor, int limit) {
        try {
            return repository.byAccount(accountId, from, to, cursor, limit);
        } catch (IllegalArgumentException e) {
            if (cursor != null) throw InvalidFields.of("cursor", "is not a cursor of this API (use the previous page's next)");
            throw e;
        }
    }

    private static boolean wantsCsv(RouteRequest request) {
        return request.header("Accept").map(a -> a.toLowerCase(Locale.ROOT).contains("text/csv")).orElse(false);
    }

    /** The query parameters, checked: every bad one is named in the 400. */
    record Query(Instant from, Instant to, String cursor, int limit) {
        static Query of(RouteRequest request) {
            List<InvalidFields.FieldError> errors = new ArrayList<>();
            Instant from = instant(request, "from", EARLIEST, errors);
            Instant to = instant(request, "to", LATEST, errors);
            if (from != null && to != null && !from.isBefore(to)) {
                errors.add(new InvalidFields.FieldError("to", "must be after from (" + from + "), got " + to));
            }
            int limit = DEFAULT_LIMIT;
            Optional<String> text = request.query("limit");
            if (text.isPresent()) {
                try {
                    limit = Integer.parseInt(text.get().trim());
                    if (limit < 1 || limit > MAX_LIMIT) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    errors.add(new InvalidFields.FieldError("limit", "must be an integer 1.." + MAX_LIMIT + ", got '"
                            + text.get() + "'"));
                }
            }
            String cursor = request.query("cursor").filter(c -> !c.isBlank()).orElse(null);
            if (!errors.isEmpty()) throw new InvalidFields(errors);
            return new Query(from, to, cursor, limit);
        }

        private static Instant instant(RouteRequest request, String name, Instant absent,
                                       List<InvalidFields.FieldError> errors) {
            Optional<String> text = request.query(name);
            if (text.isEmpty() || text.get().isBlank()) return absent;
            Optional<Instant> t = RequestInstants.parse(text.get());
            if (t.isEmpty()) errors.add(new InvalidFields.FieldError(name, RequestInstants.RULE + ", got '" + text.get() + "'"));
            return t.orElse(null);
        }
    }

    /** The whole range as CSV, {@link #CSV_PAGE} records per store query: memory stays that of one page. */
    private record Csv(RecordRepository repository, String accountId, Query q) implements StreamedBody {
        @Override public String contentType() { return "text/csv; charset=utf-8"; }

        @Override
        public void writeTo(Sink sink) throws Exception {
            // the first page is read before anything is sent: a bad cursor is still a 400, not a cut body
            RecordPage page = page(repository, accountId, q.from(), q.to(), q.cursor(), CSV_PAGE);
            sink.write(RecordJson.csvHeader());
            while (true) {
                StringBuilder chunk = new StringBuilder(page.items().size() * 300);
                for (RecordEntry e : page.items()) chunk.append(RecordJson.csvLine(e));
                if (chunk.length() > 0) sink.write(chunk.toString());
                if (page.next() == null) return;
                page = repository.byAccount(accountId, q.from(), q.to(), page.next(), CSV_PAGE);
            }
        }
    }
}
