package io.callguard.caps;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.ChannelNames;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.limits.Allocation;
import io.callguard.core.limits.Allocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the trunk reservations equal to the calls Asterisk really carries.
 *
 * <p>Call identity: a reservation's holder is the id of the channel the decision ran on, which for a call's first
 * leg is both its Uniqueid and the Linkedid every other leg of the call carries. An inbound call is decided on the
 * carrier leg A (Uniqueid U); the client's leg B on the trunk has Linkedid U: one reservation, U, covers the call.
 * Live channels are therefore grouped by Linkedid (Uniqueid when Linkedid is empty).
 *
 * <ul>
 *   <li>{@link #onHangup}: the channel's own trunk reservations are released (not its calls-per-second entries,
 *       which run their second out). Releasing is idempotent.</li>
 *   <li>{@link #reconcile}: (a) drops expired reservations; (b) frees trunk reservations whose holder is neither the
 *       Linkedid nor the Uniqueid of any live channel, once older than {@code orphanGrace} (a decision whose caller
 *       hung up meanwhile, a hang-up missed while AMI was down); (c) adopts every live channel on a known trunk (the endpoint in its channel name)
 *       whose call (its Linkedid or any Uniqueid of its group) holds no reservation on that trunk, once the channel
 *       is older than {@code orphanGrace} (a callguard restart, a decision taken elsewhere): the adoption is forced,
 *       counted and never refused, and lives the account's maximum duration plus {@link #ADOPTION_MARGIN}
 *       (a call still live then is adopted again).</li>
 *   <li>{@link #onResync}: reconciles right after each AMI (re)synchronisation.</li>
 * </ul>
 */
public final class CapReconciler implements CallTrackerListener {
    /** Added to the maximum duration of an adopted call to get its reservation's expiry. */
    public static final Duration ADOPTION_MARGIN = Duration.ofSeconds(ChannelCapPolicy.DEFAULT_RESERVATION_MARGIN_SECONDS);

    private static final Logger LOG = LoggerFactory.getLogger(CapReconciler.class);

    private final Directory directory;
    private final Allocations allocations;
    private final Clock clock;
    private final Duration orphanGrace;

    public CapReconciler(Directory directory, Allocations allocations, Clock clock, Duration orphanGrace) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.orphanGrace = Objects.requireNonNull(orphanGrace, "orphanGrace");
    }

    @Override
    public void onHangup(LiveCall call, Integer cause) {
        allocations.releaseHolder(call.uniqueId(), ChannelCapPolicy.RESOURCE_PREFIX);
    }

    @Override
    public void onResync(List<LiveCall> live) { reconcile(live, clock.instant()); }

    /** Makes the trunk reservations match {@code live} (the call tracker's table) at {@code now}. */
    public ReconcileReport reconcile(List<LiveCall> live, Instant now) {
        int expired = allocations.expire(now);
        Map<String, Set<String>> idsByCall = idsByCall(live);
        Set<String> liveIds = new HashSet<>();
        idsByCall.forEach((key, ids) -> liveIds.addAll(ids));

        int freed = 0;
        for (String resource : allocations.resources()) {
            if (!resource.startsWith(ChannelCapPolicy.RESOURCE_PREFIX)) continue;
            for (Allocation a : allocations.holders(resource, now)) {
                boolean oldEnough = !a.allocatedAt().plus(orphanGrace).isAfter(now);
                if (oldEnough && !liveIds.contains(a.holder()) && allocations.release(resource, a.holder())) {
                    freed++;
                    LOG.debug("freed {} of {}: no live channel since {}", a.holder(), resource, a.allocatedAt());
                }
            }
        }

        int adopted = 0;
        Map<String, Set<String>> holdersByResource = new HashMap<>();
        for (LiveCall c : live) {
            Optional<Trunk> trunk = directory.trunk(physicalEndpoint(c));
            if (trunk.isEmpty() || c.startedAt() == null || c.startedAt().plus(orphanGrace).isAfter(now)) continue;
            String resource = ChannelCapPolicy.resourceOf(trunk.get().id());
            Set<String> holders = holdersByResource.computeIfAbsent(resource, r -> holderIds(r, now));
            String key = callKey(c);
            Set<String> ids = idsByCall.getOrDefault(key, Set.of(key));
            if (ids.stream().anyMatch(holders::contains)) continue;
            allocations.forceAllocate(resource, key, now.plus(adoptionLife(trunk.get())), now);
            holders.add(key);
            adopted++;
            LOG.debug("adopted call {} on {} (channel {})", key, resource, c.channel());
        }

        ReconcileReport report = new ReconcileReport(freed, adopted, expired);
        if (!report.changedNothing()) {
            LOG.info("call caps reconciled against {} live channels: {} freed, {} adopted, {} expired",
                    live.size(), freed, adopted, expired);
        }
        return report;
    }

    /** The Linkedid of a channel's call: its Linkedid, or its Uniqueid when Asterisk gave none. */
    static String callKey(LiveCall c) {
        return c.linkedId() == null || c.linkedId().isBlank() ? c.uniqueId() : c.linkedId();
    }

    /**
     * The endpoint the channel is physically on, from its name: the tracker's {@code endpoint} of a decided inbound
     * carrier leg is the client's trunk, which that leg does not occupy.
     */
    static String physicalEndpoint(LiveCall c) {
        String fromName = ChannelNames.endpointOf(c.channel());
        return fromName.isEmpty() ? c.endpoint() : fromName;
    }

    /** Every id a call answers to: its Linkedid and the Uniqueid of each of its live channels. */
    private static Map<String, Set<String>> idsByCall(List<LiveCall> live) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (LiveCall c : live) {
            Set<String> ids = out.computeIfAbsent(callKey(c), k -> new HashSet<>(Set.of(k)));
            if (c.uniqueId() != null && !c.uniqueId().isBlank()) ids.add(c.uniqueId());
        }
        return out;
    }

    private Set<String> holderIds(String resource, Instant now) {
        Set<String> out = new HashSet<>();
        for (Allocation a : allocations.holders(resource, now)) out.add(a.holder());
        return out;
    }

    private Duration adoptionLife(Trunk trunk) {
        long max = directory.account(trunk.accountId()).map(Account::maxCallSeconds)
                .orElse(Account.DEFAULT_MAX_CALL_SECONDS);
        return Duration.ofSeconds(max).plus(ADOPTION_MARGIN);
    }
}
