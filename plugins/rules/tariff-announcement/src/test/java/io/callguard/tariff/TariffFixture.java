package io.callguard.tariff;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.SpecialTariff;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real decision path for the tariff announcement: chain emergency → tariff-announcement → default built by
 * {@link PolicyRegistry} from the real providers; account {@code acme} with trunk {@code trunk-a} and these numbers:
 * <ul>
 *   <li>{@code 0899123456}: 0.80 €/min, announcement on</li>
 *   <li>{@code 0899123457}: 0.80 €/min, announcement switched off by the client</li>
 *   <li>{@code 0821123456}: 0.20 €/call, announcement on</li>
 *   <li>{@code 0810123456}: 0.06 €/min, announcement on</li>
 *   <li>{@code 0800123456}: free, {@code 0807123456}: normal price, {@code 0198765432}: ordinary</li>
 *   <li>{@code 0899999999}: 3 €/call, owned by {@code ghost}, an account the directory does not know (denied)</li>
 * </ul>
 */
final class TariffFixture {
    static final Instant T0 = Instant.parse("2026-02-02T09:00:00Z");
    static final Instant OFF_AT = Instant.parse("2026-01-15T08:30:00Z");
    static final String TRUNK = "trunk-a";
    static final Account ACME = new Account("acme", "Acme", 3600);

    static final DidNumber PREMIUM = did("0899123456", SpecialTariff.of(80, ChargeUnit.MINUTE));
    static final DidNumber PREMIUM_OFF = did("0899123457",
            SpecialTariff.of(80, ChargeUnit.MINUTE).withAnnouncement(false, OFF_AT, "admin:ops"));
    static final DidNumber PER_CALL = did("0821123456", SpecialTariff.of(20, ChargeUnit.CALL));
    static final DidNumber SMALL = did("0810123456", SpecialTariff.of(6, ChargeUnit.MINUTE));
    static final DidNumber FREE = did("0800123456", SpecialTariff.free());
    static final DidNumber NORMAL = did("0807123456", SpecialTariff.free());
    static final DidNumber ORDINARY = new DidNumber("0198765432", ACME.id(), TRUNK);
    static final DidNumber GHOST = new DidNumber("0899999999", "ghost", null, SpecialTariff.of(300, ChargeUnit.CALL));

    static final List<DidNumber> NUMBERS = List.of(PREMIUM, PREMIUM_OFF, PER_CALL, SMALL, FREE, NORMAL, ORDINARY, GHOST);

    final MutableClock clock = new MutableClock(T0);
    final InMemoryDirectory directory = new InMemoryDirectory();
    final FrenchNumberingPlan plan = FrenchNumberingPlan.withDefaults();
    final PolicyChain chain;
    final DecisionEngine engine;
    private int sequence;

    TariffFixture() {
        directory.put(ACME);
        directory.put(new Trunk(TRUNK, ACME.id(), TrunkKind.T0_IP, TrunkKind.T0_IP.defaultChannels()));
        NUMBERS.forEach(directory::put);
        PolicyRegistry registry = PolicyRegistry.of(List.of(new EmergencyPolicyProvider(),
                new TariffAnnouncementPolicyProvider(), new DefaultPolicyProvider()));
        PolicyEnvironment env = new PolicyEnvironment(directory, plan, clock, Map.of(), Map.of());
        chain = registry.build(List.of("emergency", TariffAnnouncementPolicy.NAME, "default"), env, Map.of());
        engine = new DecisionEngine(directory, plan, chain, clock, List.of());
    }

    private static DidNumber did(String number, SpecialTariff tariff) {
        return new DidNumber(number, ACME.id(), TRUNK, tariff);
    }

    /** An inbound call from the carrier to {@code dialled}. */
    Decision inbound(String dialled) {
        String id = "1770000000." + (++sequence);
        return decide(new CallRequest(Direction.INBOUND, "", "carrier", "0612345678", dialled, "PJSIP/carrier-0000000" + sequence, id));
    }

    /** An outbound call from the client's trunk to {@code dialled}. */
    Decision outbound(String dialled) {
        String id = "1770000000." + (++sequence);
        return decide(new CallRequest(Direction.OUTBOUND, "", TRUNK, "0198765432", dialled, "PJSIP/" + TRUNK + "-0000000" + sequence, id));
    }

    Decision decide(CallRequest request) {
        try {
            return engine.decide(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
