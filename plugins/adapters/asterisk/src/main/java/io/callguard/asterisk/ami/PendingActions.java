package io.callguard.asterisk.ami;

import io.callguard.core.calls.LiveCall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The actions one AMI link has sent and not yet seen answered, by the ActionID they went out under: each completes
 * with its response (for an event list, with the list's items up to its Complete), or fails at its timeout or when
 * the link goes. The link's event loop's only, like the link.
 */
final class PendingActions {
    /** A response and, for an event list, its items and the count Asterisk announced. */
    record ListResult(AmiResponse response, List<LiveCall> items, Integer announced) { }

    /** An action waiting for its response (and, for a list, its events up to the list's Complete). */
    private static final class Pending {
        final Promise<ListResult> promise = Promise.promise();
        final boolean list;
        final String userActionId;
        final List<LiveCall> items;
        final Consumer<ListResult> onList; // runs in stream order on the Complete (the sync's tracker rebuild)
        AmiResponse response;
        long timer = -1;

        Pending(boolean list, String userActionId, Consumer<ListResult> onList) {
            this.list = list;
            this.userActionId = userActionId;
            this.items = list ? new ArrayList<>() : null;
            this.onList = onList;
        }
    }

    private final Vertx vertx;
    private final Map<String, Pending> byWireId = new HashMap<>();

    PendingActions(Vertx vertx) { this.vertx = vertx; }

    /**
     * Waits for the answer to the action sent (next) under {@code wireId}; fails with {@code timeoutMessage} after
     * {@code timeoutMs}.
     *
     * @param userActionId the caller's own ActionID, given back in the response
     * @param onList       for a list, run on its Complete before the future completes (null: nothing)
     */
    Future<ListResult> expect(String wireId, String userActionId, boolean list, long timeoutMs, String timeoutMessage,
                              Consumer<ListResult> onList) {
        Pending p = new Pending(list, userActionId, onList);
        byWireId.put(wireId, p);
        p.timer = vertx.setTimer(Math.max(1, timeoutMs), t -> {
            p.timer = -1;
            if (byWireId.remove(wireId) != null) p.promise.tryFail(new IllegalStateException(timeoutMessage));
        });
        return p.promise.future();
    }

    /** One item of a list in progress ({@code CoreShowChannel}); ignored when no list waits under that ActionID. */
    void listItem(String wireId, LiveCall item) {
        Pending p = byWireId.get(wireId);
        if (p != null && p.list) p.items.add(item);
    }

    /** The Complete event that ends a list. */
    void listComplete(String wireId, Integer announced) {
        Pending p = byWireId.remove(wireId);
        if (p != null) complete(p, new ListResult(p.response, List.copyOf(p.items), announced));
    }

    /**
     * A response frame: completes its action (a list's successful response waits for the list's events instead).
     *
     * @return false when no action waits under that ActionID
     */
    boolean response(AmiFrameDecoder.Response r) {
        Pending p = r.wireActionId() == null ? null : byWireId.get(r.wireActionId());
        if (p == null) return false;
        AmiResponse response = new AmiResponse(r.response() == null ? "" : r.response(), p.userActionId,
                r.message(), r.fields());
        if (p.list && !response.isError()) {
            p.response = response; // the events follow, up to the list's Complete
            return true;
        }
        byWireId.remove(r.wireActionId());
        complete(p, new ListResult(response, List.of(), null));
        return true;
    }

    /** The link is gone: every action still waiting fails with {@code reason}. */
    void failAll(String reason) {
        List<Pending> waiting = new ArrayList<>(byWireId.values());
        byWireId.clear();
        for (Pending p : waiting) {
            if (p.timer >= 0) vertx.cancelTimer(p.timer);
            p.promise.tryFail(new IllegalStateException("AMI link lost before the response (" + reason + ")"));
        }
    }

    private void complete(Pending p, ListResult result) {
        if (p.timer >= 0) vertx.cancelTimer(p.timer);
        if (p.onList != null) p.onList.accept(result);
        p.promise.tryComplete(result);
    }

    /** The caller's part of an ActionID the client sent ({@code cg<n>#<caller's>}), as is when not the client's. */
    static String userActionId(String wireId) {
        if (wireId == null || !wireId.startsWith("cg")) return wireId;
        int hash = wireId.indexOf('#');
        return hash < 0 ? null : wireId.substring(hash + 1);
    }
}
