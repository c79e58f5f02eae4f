package io.callguard.records.chain;

import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.records.Checkpoint;
import io.callguard.core.records.RecordRepository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /admin/v1/records/checkpoints?node=&from=&limit=}: a node's signed checkpoints (this node's by default),
 * oldest first from seq {@code from} (1 by default), at most {@code limit} (1..1000, 100 by default), with this node's
 * public key. The admin API's way of publishing them: a back office that copies them elsewhere can later show that a
 * store's tail was deleted or rewritten, with the public key alone. Blocking (it reads the store).
 */
public final class CheckpointsRoute {
    public static final String PATH = "/admin/v1/records/checkpoints";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private CheckpointsRoute() { }

    /**
     * @param ownNode the node listed when the request names none
     * @param signer  this node's key: its id and public key go with the answer
     */
    public static ModuleRoute of(RecordRepository repository, CheckpointSigner signer, String ownNode) {
        return new ModuleRoute(ModuleRoute.Method.GET, PATH, false, true, request -> {
            String node = request.query("node").map(String::trim).filter(s -> !s.isEmpty()).orElse(ownNode);
            long from = number(request.query("from"), "from", 1, Long.MAX_VALUE, 1);
            int limit = (int) number(request.query("limit"), "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
            if (!node.equals(ownNode) && !repository.nodes().contains(node)) {
                return RouteResponse.notFound("no record chain for node '" + node + "'");
            }
            // all from `from`: one per records.checkpointEvery entries, a few thousand a year at most
            List<Checkpoint> found = repository.checkpoints(node, from);
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < found.size() && i < limit; i++) items.add(json(found.get(i)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("node", node);
            body.put("keyId", signer.keyId());
            body.put("publicKey", signer.publicKeyPem());
            body.put("items", items);
            body.put("next", found.size() > limit ? found.get(limit).seq() : null);
            return RouteResponse.ok(body);
        });
    }

    static Map<String, Object> json(Checkpoint c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", c.seq());
        m.put("headHash", c.headHash());
        m.put("at", c.at().toString());
        m.put("keyId", c.keyId());
        m.put("signature", c.signature());
        m.put("signedText", c.signedText());
        return m;
    }

    private static long number(Optional<String> text, String field, long min, long max, long absent) {
        if (text.isEmpty()) return absent;
        try {
            long v = Long.parseLong(text.get().trim());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw RouteResponse.InvalidFields.of(field, "must be a whole number from " + min
                + (max == Long.MAX_VALUE ? "" : " to " + max) + ", got '" + text.get() + "'");
    }
}
