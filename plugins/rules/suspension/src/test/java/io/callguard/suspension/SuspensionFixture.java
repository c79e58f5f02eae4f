package io.callguard.suspension;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.CallRequest;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionEngine;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.core.policy.builtin.DefaultPolicyProvider;
import io.callguard.core.policy.builtin.EmergencyPolicyProvider;
import io.callguard.core.time.MutableClock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real decision path for suspension tests: account {@code acme} with trunks {@code trunk-a} (DID
 * {@code 0198765432}) and {@code trunk-b}, account {@code globex} with {@code trunk-g}; the chain
 * emergency → suspension → default built by {@link PolicyRegistry} from the real providers; the call tracker as
 * decision listener; a service over in-memory repository and audit log; hang-up requests recorded.
 */
final class SuspensionFixture {
    static final Instant T0 = Instant.parse("2026-02-02T09:00:00Z");
    static final String ACME = "acme";
    static final String GLOBEX = "globex";
    static final String TRUNK_A = "trunk-a";
    static final String TRUNK_B = "trunk-b";
    static final String TRUNK_G = "trunk-g";
    static final String DID = "0198765432";
    static final String ADMIN = "alice@operator";

    /** One hang-up request sent to "AMI". */
    record Hangup(String channel, int cause) { }

    final MutableClock clock = new MutableClock(T0);
    final InMemoryDirectory directory = new InMemoryDirectory();
    final FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
    final CallTracker tracker = new CallTracker(clock);
    final List<Hangup> hangups = Collections.synchronizedList(new ArrayList<>());
    final InMemoryAuditLog audit;
    final SuspensionRepository repository;
    final SuspensionBook book = new SuspensionBook();
    final LiveCallTerminator terminator = new LiveCallTerminator(tracker, plan, (ch, cause) -> hangups.add(new Hangup(ch, cause)));
    final SuspensionService service;
    final PolicyChain chain;
    final DecisionEngine engine;
    private int sequence;

    SuspensionFixture() { this(new InMemorySuspensionRepository(), new InMemoryAuditLog()); }

    /** A fixture over an existing repository and audit trail: a "restart" of callguard. */
    SuspensionFixture(SuspensionRepository repository, InMemoryAuditLog audit) {
        this.repository = repository;
        this.audit = audit;
        directory.put(new Account(ACME, "Acme", Account.DEFAULT_MAX_CALL_SECONDS));
        directory.put(new Account(GLOBEX, "Globex", Account.DEFAULT_MAX_CALL_SECONDS));
        directory.put(new Trunk(TRUNK_A, ACME, TrunkKind.T2_IP, 30));
        directory.put(new Trunk(TRUNK_B, ACME, TrunkKind.T2_IP, 30));
        directory.put(new Trunk(TRUNK_G, GLOBEX, TrunkKind.T2_IP, 30));
        directory.put(new DidNumber(DID, ACME, TRUNK_A));
        service = new SuspensionService(repository, book, directory, audit, terminator, clock);
        PolicyRegistry registry = PolicyRegistry.of(List.of(new EmergencyPolicyProvider(), new SuspensionPolicyProvider(),
                new DefaultPolicyProvider()));
        PolicyEnvironment env = new PolicyEnvironment(directory, plan, clock, Map.of(), Map.of(SuspensionBook.class, book));
        chain = registry.build(List.of("emergency", "suspension", "default"), env, Map.of());
        engine = new DecisionEngine(directory, plan, chain, clock, List.of(tracker));
    }

    String nextId() { return "1770000000." + (++sequence); }

    /** An outbound call from {@code trunk} (no account code: the trunk's owner) to {@code dialled}. */
    Decision outbound(String trunk, String dialled) { return outbound(trunk, nextId(), dialled); }

    Decision outbound(String trunk, String id, String dialled) {
        return decide(new CallRequest(Direction.OUTBOUND, "", trunk, "0140000000", dialled, channel(trunk, id), id));
    }

    Decision outbound(String dialled) { return outbound(TRUNK_A, dialled); }

    /** An inbound call from the carrier to acme's DID. */
    Decision inbound(String id) {
        return decide(new CallRequest(Direction.INBOUND, "", "carrier", "0612345678", DID, channel("carrier", id), id));
    }

    Decision decide(CallRequest request) {
        try {
            return engine.decide(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    Suspension suspendNow(String account, String trunk, SuspensionReason reason) {
        return service.suspend(SuspendCommand.now(account, trunk, reason, "", ADMIN));
    }

    List<AuditEntry> auditOf(Suspension s) {
        return audit.all().stream().filter(e -> e.target().equals(s.auditTarget())).toList();
    }

    static String channel(String endpoint, String id) {
        return String.format("PJSIP/%s-%08x", endpoint, Math.abs(id.hashCode()));
    }
}
