package io.callguard.suspension;

import io.callguard.core.ids.SortableIds;
import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.LocalChangeFeed;
import java.util.Optional;
import io.callguard.core.audit.AuditEntry;
import io.callguard.core.json.CompactJson;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.audit.AuditQuery;
import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The write side of suspensions, called by the admin API (and later by the automatic rules) on a worker thread:
 * every method may block on the repository and the audit log. Writes are serialised.
 *
 * <p>Order of a write: validate, persist ({@link SuspensionRepository}), update the {@link SuspensionBook} — before
 * returning, so the very next decision sees the change — then append the audit entry, then (if asked) hang up live
 * calls. A failure to persist fails the call and changes nothing; a failure to audit is logged at ERROR with the
 * entry and does not undo the change (the lines are already suspended; failing would invite a duplicate retry).
 *
 * <p>A scheduled suspension (start after its creation) needs no timer to take effect: the decision path compares its
 * start with the clock. The server calls {@link #activateDue(Instant)} every second or so to do what a start does
 * besides blocking calls: audit {@code suspension.start} once and, if asked, hang up the live calls once.
 *
 * <p>Audit entries (target {@code suspension:<id>}; before/after are {@link SuspensionJson} with the status at the
 * time of the change): {@code suspension.create} (before null), {@code suspension.cancel} (a scheduled one ended
 * before its start), {@code suspension.lift} (an active one ended), {@code suspension.start} (a scheduled one took
 * effect; actor {@code system}), {@code suspension.hangup} (live calls hung up; after lists them; actor: the creator for an immediate
 * suspension, {@code system} at a scheduled start).
 */
public final class SuspensionService {
    public static final String SYSTEM_ACTOR = "system";
    public static final String ACTION_CREATE = "suspension.create";
    public static final String ACTION_LIFT = "suspension.lift";
    public static final String ACTION_CANCEL = "suspension.cancel";
    public static final String ACTION_START = "suspension.start";
    public static final String ACTION_HANGUP = "suspension.hangup";

    private static final Logger LOG = LoggerFactory.getLogger(SuspensionService.class);

    private final SuspensionRepository repository;
    private final SuspensionBook book;
    private final Directory directory;
    private final AuditLog audit;
    private final LiveCallTerminator terminator;
    private final Clock clock;
    /** Scheduled suspensions whose start has not been handled yet (audited, calls hung up), by id. */
    private final Map<String, Suspension> pendingStarts = new LinkedHashMap<>();
    /**
     * Of {@link #pendingStarts}, those another node made: at their start this node hangs up its own Asterisk's calls
     * only; the making node audits the start.
     */
    private final java.util.Set<String> othersStarts = new java.util.HashSet<>();

    public SuspensionService(SuspensionRepository repository, SuspensionBook book, Directory directory,
                             AuditLog audit, LiveCallTerminator terminator, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.book = Objects.requireNonNull(book, "book");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.terminator = Objects.requireNonNull(terminator, "terminator");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where this node's suspensions and lifts are told to the other nodes sharing the store (none by default). */
    private volatile ChangeFeed feed = new LocalChangeFeed();

    /** Publishes each suspension made or ended here ({@link SuspensionModule#CHANGES}, its id) after the store write. */
    public void publishChangesTo(ChangeFeed feed) { this.feed = Objects.requireNonNull(feed, "feed"); }

    /**
     * Suspension {@code id} was made or ended on another node: read again from the store into the book (an open one
     * refuses this node's next decisions, an ended one no longer does). Its scheduled start is the making node's
     * (audited once); the hang-up it asks for is every node's, each for its own Asterisk servers' calls.
     */
    public synchronized void reloadOne(String id) {
        if (id == null) return;
        Optional<Suspension> s = repository.find(id);
        if (s.isPresent() && !s.get().ended()) {
            boolean known = book.get(id).isPresent();
            book.put(s.get());
            if (!known) cutThisNodesCallsOf(s.get());
        } else {
            book.end(id);
            pendingStarts.remove(id);
            othersStarts.remove(id);
        }
    }

    /**
     * A suspension another node made, seen here for the first time: when it asks for the live calls to be hung up,
     * the making node cut those of its Asterisk servers and this node cuts those of its own, now when it is in force,
     * at its start when it is scheduled (audited {@code suspension.hangup} here when this node cut any).
     */
    private void cutThisNodesCallsOf(Suspension s) {
        if (!s.hangUpLiveCalls()) return;
        Instant now = clock.instant();
        if (s.startsAt().isAfter(now)) {
            pendingStarts.put(s.id(), s);
            othersStarts.add(s.id());
        } else {
            hangUpHere(s, now);
        }
    }

    private void hangUpHere(Suspension s, Instant now) {
        if (!terminator.targets(s.accountId(), s.trunkId()).isEmpty()) hangUp(s, SYSTEM_ACTOR, now);
    }

    /**
     * Reads every open suspension again into the book (the safety net of the notifications); the scheduled starts this
     * node still has to handle are kept, those of suspensions ended elsewhere dropped.
     */
    public synchronized int reloadAll() {
        List<Suspension> open = repository.listOpen();
        book.load(open);
        java.util.Set<String> ids = new java.util.HashSet<>();
        open.forEach(s -> ids.add(s.id()));
        pendingStarts.keySet().retainAll(ids);
        othersStarts.retainAll(ids);
        return open.size();
    }

    /** The read model this service keeps current (register it as the policy-environment service). */
    public SuspensionBook book() { return book; }

    /**
     * Loads the open suspensions from the repository into the book (at start, before the first decision). A
     * scheduled one whose start came while callguard was down, and whose {@code suspension.start} is not in the
     * audit trail, is handled by the next {@link #activateDue}: its hang-up, if asked, is applied then.
     *
     * @return the number of open suspensions loaded
     */
    public synchronized int load() {
        List<Suspension> open = repository.listOpen();
        book.load(open);
        pendingStarts.clear();
        othersStarts.clear();
        Instant now = clock.instant();
        for (Suspension s : open) {
            if (!s.startsAt().isAfter(s.createdAt())) continue; // immediate: its start was handled at creation
            if (s.startsAt().isAfter(now) || !startAudited(s)) pendingStarts.put(s.id(), s);
        }
        LOG.info("suspensions loaded: {} open ({} active, {} start(s) to handle)", open.size(),
                open.stream().filter(s -> s.isActiveAt(now)).count(), pendingStarts.size());
        return open.size();
    }

    /**
     * Suspends an account, or one of its trunks, now or from {@code cmd.startsAt()}.
     *
     * @return the stored suspension (already in the book: the next decision refuses the lines' outbound calls)
     * @throws UnknownTargetException   the account is unknown, or the trunk is unknown or another account's
     * @throws IllegalArgumentException a field is invalid (the message names it)
     */
    public synchronized Suspension suspend(SuspendCommand cmd) {
        Objects.requireNonNull(cmd, "cmd");
        if (directory.account(cmd.accountId()).isEmpty()) {
            throw new UnknownTargetException("accountId", "account:" + cmd.accountId(),
                    "accountId: no account '" + cmd.accountId() + "'");
        }
        if (cmd.trunkId() != null) {
            Trunk trunk = directory.trunk(cmd.trunkId()).orElseThrow(() -> new UnknownTargetException("trunkId",
                    "trunk:" + cmd.trunkId(), "trunkId: no trunk '" + cmd.trunkId() + "'"));
            if (!trunk.accountId().equals(cmd.accountId())) {
                throw new UnknownTargetException("trunkId", "trunk:" + cmd.trunkId(), "trunkId: trunk '"
                        + cmd.trunkId() + "' is not a trunk of account '" + cmd.accountId() + "'");
            }
        }
        Instant now = clock.instant();
        Instant startsAt = cmd.startsAt() == null ? now : cmd.startsAt();
        // Within the tolerance, a start in the past means now; further back the record refuses it, naming startsAt.
        if (startsAt.isBefore(now) && !startsAt.isBefore(now.minus(Suspension.START_TOLERANCE))) startsAt = now;
        Suspension s = new Suspension(SortableIds.next(now), cmd.accountId(), cmd.trunkId(), cmd.reason(),
                cmd.note(), cmd.actor(), now, startsAt, cmd.hangUpLiveCalls(), null, null, null);
        repository.insert(s);
        book.put(s);
        feed.publish(SuspensionModule.CHANGES, s.id());
        boolean scheduled = s.startsAt().isAfter(now);
        if (scheduled) pendingStarts.put(s.id(), s);
        LOG.info("suspension {} of {} created by {}: {} ({}), {}", s.id(), scope(s), s.createdBy(), s.reason().code(),
                s.reason().article(), scheduled ? "starts at " + s.startsAt() : "in force now");
        record(now, s.createdBy(), ACTION_CREATE, s, null, SuspensionJson.toJson(s, now));
        if (!scheduled && s.hangUpLiveCalls()) hangUp(s, s.createdBy(), now);
        return s;
    }

    /**
     * Ends a suspension: a scheduled one is CANCELLED, an active one LIFTED. The lines work again once no other
     * suspension holds them.
     *
     * @return the ended suspension
     * @throws SuspensionNotFoundException no suspension with that id belongs to that account
     * @throws AlreadyEndedException       it was already lifted or cancelled
     * @throws IllegalArgumentException    the actor is blank
     */
    public synchronized Suspension lift(String accountId, String suspensionId, String actor) {
        if (actor == null || actor.isBlank()) throw new IllegalArgumentException("actor: required (who lifts), got none");
        String by = actor.trim();
        Suspension s = get(accountId, suspensionId);
        if (s.ended()) {
            book.end(s.id());
            throw new AlreadyEndedException(s);
        }
        Instant now = clock.instant();
        EndKind how = s.isScheduledAt(now) ? EndKind.CANCELLED : EndKind.LIFTED;
        if (!repository.end(s.id(), how, by, now)) {
            // Ended meanwhile by someone else (another node): report what the repository holds.
            book.end(s.id());
            pendingStarts.remove(s.id());
            othersStarts.remove(s.id());
            feed.publish(SuspensionModule.CHANGES, s.id());
            throw new AlreadyEndedException(repository.find(s.id()).filter(Suspension::ended).orElse(s.end(how, "?", now)));
        }
        Suspension ended = s.end(how, by, now);
        book.end(s.id());
        feed.publish(SuspensionModule.CHANGES, s.id());
        pendingStarts.remove(s.id());
        othersStarts.remove(s.id());
        LOG.info("suspension {} of {} {} by {}", s.id(), scope(s), how == EndKind.CANCELLED ? "cancelled" : "lifted", by);
        record(now, by, how == EndKind.CANCELLED ? ACTION_CANCEL : ACTION_LIFT, s, SuspensionJson.toJson(s, now),
                SuspensionJson.toJson(ended, now));
        return ended;
    }

    /**
     * One suspension of an account, open or ended.
     *
     * @throws SuspensionNotFoundException no suspension with that id belongs to that account
     */
    public Suspension get(String accountId, String suspensionId) {
        if (accountId == null || suspensionId == null) throw new SuspensionNotFoundException(accountId, suspensionId);
        return repository.find(suspensionId).filter(x -> x.accountId().equals(accountId))
                .orElseThrow(() -> new SuspensionNotFoundException(accountId, suspensionId));
    }

    /** Every suspension of the account, ended ones included, newest first. */
    public List<Suspension> history(String accountId) {
        List<Suspension> all = new ArrayList<>(repository.listByAccount(accountId));
        all.sort(Comparator.comparing(Suspension::createdAt).thenComparing(Suspension::id).reversed());
        return all;
    }

    /**
     * Handles the scheduled suspensions whose start has come by {@code now}: audits {@code suspension.start} and, if
     * the suspension asks for it, hangs up the live calls, each once per suspension. Blocking calls to them were
     * already refused from {@code startsAt} on, timer or not.
     *
     * @return the suspensions whose start was handled now
     */
    public synchronized List<Suspension> activateDue(Instant now) {
        List<Suspension> started = new ArrayList<>();
        for (Iterator<Suspension> it = pendingStarts.values().iterator(); it.hasNext(); ) {
            Suspension s = it.next();
            if (s.startsAt().isAfter(now)) continue;
            it.remove();
            Suspension current = book.get(s.id()).orElse(null);
            if (current == null) continue; // ended meanwhile
            if (othersStarts.remove(s.id())) {
                // another node's: it audits the start; this node cuts its own Asterisk's calls
                hangUpHere(current, now);
                continue;
            }
            started.add(current);
            LOG.info("suspension {} of {} started ({}, {})", current.id(), scope(current), current.reason().code(),
                    current.reason().article());
            record(now, SYSTEM_ACTOR, ACTION_START, current,
                    SuspensionJson.toJson(current, current.startsAt().minusNanos(1)), SuspensionJson.toJson(current, now));
            if (current.hangUpLiveCalls()) hangUp(current, SYSTEM_ACTOR, now);
        }
        return started;
    }

    /** Number of scheduled suspensions whose start {@link #activateDue} has still to handle. */
    public synchronized int pendingStarts() { return pendingStarts.size(); }

    private void hangUp(Suspension s, String actor, Instant now) {
        List<LiveCall> cut = terminator.terminate(s);
        List<Map<String, Object>> calls = new ArrayList<>();
        for (LiveCall c : cut) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("uniqueId", c.uniqueId());
            m.put("channel", c.channel());
            m.put("trunkId", c.endpoint());
            calls.add(m);
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("suspensionId", s.id());
        after.put("cause", ChannelHangup.NORMAL_CLEARING);
        after.put("calls", calls);
        record(now, actor, ACTION_HANGUP, s, null, CompactJson.write(after));
    }

    private boolean startAudited(Suspension s) {
        try {
            for (AuditEntry e : audit.list(new AuditQuery(s.auditTarget(), null, 100))) {
                if (e.target().equals(s.auditTarget()) && e.action().equals(ACTION_START)) return true;
            }
            return false;
        } catch (RuntimeException e) {
            // Unknown: handle the start again; at worst a second start entry and a second hang-up request.
            LOG.warn("audit trail unreadable for suspension {}: its start will be handled again: {}", s.id(), e.toString());
            return false;
        }
    }

    private void record(Instant at, String actor, String action, Suspension s, String before, String after) {
        AuditEntry entry = AuditEntry.of(at, actor, action, s.auditTarget(), before, after);
        try {
            audit.append(entry);
        } catch (RuntimeException e) {
            LOG.error("audit entry could not be stored (the change stands): {}", entry, e);
        }
    }

    private static String scope(Suspension s) {
        return s.trunkId() == null ? "account " + s.accountId() : "trunk " + s.trunkId() + " of account " + s.accountId();
    }
}
