package io.callguard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times one account-month read through callguard's admin API ({@code GET /admin/v1/accounts/{id}/records}), as the
 * back office would: {@code page} the first JSON page (the default 100 records), {@code walk} every JSON page of
 * the month at limit 1000 following {@code next}, {@code csv} the month as one CSV ({@code Accept: text/csv}) read to
 * its last byte. Each run prints one line ({@code run=...}); then one summary line: min and median over the runs.
 * testbed/bench/records-bench.sh runs it once right after dropping the caches (cold), then several times (warm).
 */
public final class RecordsQueryTimes {
    private static final Pattern NEXT = Pattern.compile("\"next\"\\s*:\\s*(null|\"([^\"]*)\")");
    private static final Pattern ITEM = Pattern.compile("\"uniqueId\"");

    private RecordsQueryTimes() { }

    public static void main(String[] argv) throws Exception {
        Args a;
        try {
            a = Args.parse(argv, Set.of(), Set.of("admin", "token", "account", "from", "to", "what", "runs", "label"));
        } catch (IllegalArgumentException e) {
            System.err.println("records-query-times: " + e.getMessage());
            System.exit(2);
            return;
        }
        String admin = a.string("admin", null);
        String token = a.string("token", null);
        String account = a.string("account", null);
        String what = a.string("what", "page");
        if (admin == null || token == null || account == null || !List.of("page", "walk", "csv").contains(what)) {
            System.err.println("records-query-times: --admin URL --token T --account ID [--from ISO --to ISO]"
                    + " --what page|walk|csv [--runs N] [--label L] are required");
            System.exit(2);
        }
        int runs = a.integer("runs", 1, 1, 1000);
        String label = a.string("label", "");
        String base = admin + "/admin/v1/accounts/" + enc(account) + "/records?from=" + enc(a.string("from", ""))
                + "&to=" + enc(a.string("to", ""));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // the client's own first-request costs (class loading, connection) are not the server's
        get(client, admin + "/health", token, null);

        List<Double> times = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        for (int run = 1; run <= runs; run++) {
            long t0 = System.nanoTime();
            String extra = "";
            switch (what) {
                case "page" -> {
                    Response r = get(client, base, token, null);
                    rows = count(ITEM, r.body);
                    bytes = r.bytes;
                }
                case "walk" -> {
                    String cursor = null;
                    rows = 0;
                    bytes = 0;
                    int pages = 0;
                    do {
                        Response r = get(client, base + "&limit=1000" + (cursor == null ? "" : "&cursor=" + enc(cursor)),
                                token, null);
                        pages++;
                        rows += count(ITEM, r.body);
                        bytes += r.bytes;
                        Matcher m = NEXT.matcher(r.body);
                        if (!m.find()) throw new IllegalStateException("no next in the answer: " + r.body.substring(0, 200));
                        cursor = m.group(2);
                    } while (cursor != null);
                    extra = " pages=" + pages;
                }
                default -> {
                    Response r = get(client, base, token, "text/csv");
                    rows = r.lines - 1; // the header
                    bytes = r.bytes;
                    extra = String.format(Locale.ROOT, " firstByteMs=%.1f", r.firstByteNanos / 1e6);
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            times.add(ms);
            System.out.printf(Locale.ROOT, "run=%d%s what=%s account=%s ms=%.1f rows=%d bytes=%d%s%n", run,
                    label.isEmpty() ? "" : " label=" + label, what, account, ms, rows, bytes, extra);
        }
        Collections.sort(times);
        System.out.printf(Locale.ROOT, "summary%s what=%s account=%s runs=%d minMs=%.1f medianMs=%.1f rows=%d bytes=%d%n",
                label.isEmpty() ? "" : " label=" + label, what, account, runs, times.get(0), times.get(times.size() / 2),
                rows, bytes);
    }

    private record Response(String body, long bytes, long lines, long firstByteNanos) { }

    /** The body read to its last byte; for CSV only counted (any size), for JSON kept. */
    private static Response get(HttpClient client, String url, String token, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token);
        if (accept != null) b.header("Accept", accept);
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = client.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            byte[] buf = new byte[1 << 16];
            long bytes = 0;
            long lines = 0;
            long firstByte = -1;
            java.io.ByteArrayOutputStream kept = accept == null ? new java.io.ByteArrayOutputStream() : null;
            int n;
            while ((n = in.read(buf)) > 0) {
                if (firstByte < 0) firstByte = System.nanoTime() - t0;
                bytes += n;
                for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
                if (kept != null) kept.write(buf, 0, n);
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " -> " + r.statusCode()
                        + (kept == null ? "" : ": " + kept.toString(StandardCharsets.UTF_8)));
            }
            return new Response(kept == null ? "" : kept.toString(StandardCharsets.UTF_8), bytes, lines, firstByte);
        }
    }

    private static long count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        long n = 0;
        while (m.find()) n++;
        return n;
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
