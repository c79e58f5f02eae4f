package io.callguard.directory;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.audit.InMemoryAuditLog;
import io.callguard.core.config.ConfigView;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.NumberTariffFields;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.directory.TrunkRemovalListener;
import io.callguard.core.module.BodyFields;
import io.callguard.core.module.ModuleContext;
import io.callguard.core.module.ModuleRoute;
import io.callguard.core.module.RouteRequest;
import io.callguard.core.module.RouteResponse;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.module.RuleModules;
import io.callguard.core.numbering.ClassifiedNumber;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The directory module over in-memory parts: its routes as the admin API serves them, and what a deletion tells. */
class DirectoryModuleTest {
    private static final Instant T0 = Instant.parse("2026-02-02T09:00:00.123456Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemoryDirectoryRepository repository = new InMemoryDirectoryRepository();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final Map<Class<?>, Object> services = new HashMap<>(Map.of(Clock.class, clock,
            InMemoryDirectory.class, directory, FrenchNumberingPlan.class, FrenchNumberingPlan.withDefaults(),
            DirectoryRepository.class, repository, AuditLog.class, audit));
    /** What {@link ModuleContext#all} finds, by type: may change after the start, as modules start after this one. */
    private final Map<Class<?>, List<Object>> many = new HashMap<>();
    private final DirectoryModule module = new DirectoryModule();

    private ModuleContext context() {
        return new ModuleContext() {
            @Override public ConfigView config() { throw new UnsupportedOperationException("no options"); }

            @Override public <T> T service(Class<T> type) { return type.cast(services.get(type)); }

            @Override
            public <T> List<T> all(Class<T> type) {
                return many.getOrDefault(type, List.of()).stream().map(type::cast).toList();
            }
        };
    }

    private RouteResponse call(ModuleRoute.Method method, String path, Map<String, String> params,
                               Map<String, Object> body) throws Exception {
        ModuleRoute route = module.adminRoutes().stream()
                .filter(r -> r.method() == method && r.path().equals(path)).findFirst().orElseThrow();
        return route.handler().handle(new RouteRequest() {
            @Override public String pathParam(String name) { return params.get(name); }

            @Override public Optional<String> query(String name) { return Optional.empty(); }

            @Override public Optional<String> header(String name) { return Optional.empty(); }

            @Override public Optional<String> accountId() { return Optional.empty(); }

            @Override public String body() { return ""; }

            @Override public Map<String, Object> jsonObject(Set<String> freeTextFields) { return body; }

            @Override public String actor() { return "alice"; }
        });
    }

    @Test
    void theModuleIsFoundAndServesTheDirectoryRoutesBlocking() {
        assertThat(RuleModules.discover().all()).anyMatch(m -> m instanceof DirectoryModule);
        assertThat(module.name()).isEqualTo("directory");
        assertThat(module.options()).isEmpty();
        assertThat(module.policies()).isEmpty();
        assertThatThrownBy(module::adminRoutes).isInstanceOf(IllegalStateException.class);

        module.start(context());
        assertThat(module.adminRoutes()).allMatch(ModuleRoute::blocking)
                .extracting(r -> r.method() + " " + r.path() + (r.takesBody() ? " (body)" : ""))
                .containsExactly("GET /admin/v1/accounts", "POST /admin/v1/accounts (body)",
                        "GET /admin/v1/accounts/{id}", "PUT /admin/v1/accounts/{id} (body)",
                        "DELETE /admin/v1/accounts/{id}",
                        "GET /admin/v1/accounts/{id}/trunks", "POST /admin/v1/accounts/{id}/trunks (body)",
                        "GET /admin/v1/accounts/{id}/trunks/{trunkId}", "PUT /admin/v1/accounts/{id}/trunks/{trunkId} (body)",
                        "DELETE /admin/v1/accounts/{id}/trunks/{trunkId}",
                        "GET /admin/v1/accounts/{id}/numbers", "POST /admin/v1/accounts/{id}/numbers (body)",
                        "GET /admin/v1/accounts/{id}/numbers/{number}", "PUT /admin/v1/accounts/{id}/numbers/{number} (body)",
                        "DELETE /admin/v1/accounts/{id}/numbers/{number}");
        module.stop();
        assertThatThrownBy(module::adminRoutes).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writesReachTheDirectoryAndTheAuditTrailBeforeTheReply() throws Exception {
        module.start(context());
        RouteResponse created = call(ModuleRoute.Method.POST, AccountRoutes.BASE, Map.of(),
                Map.of("id", "acme", "name", "Acme"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("Location", "/admin/v1/accounts/acme");
        assertThat(shown(created)).containsExactly("id=acme", "name=Acme", "maxCallSeconds=7200", "callsPerSecond=null");
        assertThat(directory.account("acme")).isPresent();

        RouteResponse again = call(ModuleRoute.Method.POST, AccountRoutes.BASE, Map.of(), Map.of("id", "acme", "name", "A"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.detail()).isEqualTo("account 'acme' already exists");

        RouteResponse trunk = call(ModuleRoute.Method.POST, TrunkRoutes.BASE, Map.of("id", "acme"),
                Map.of("id", "t1", "kind", "T0_IP"));
        assertThat(trunk.headers()).containsEntry("Location", "/admin/v1/accounts/acme/trunks/t1");
        assertThat(directory.trunk("t1")).isPresent();

        RouteResponse number = call(ModuleRoute.Method.POST, NumberRoutes.BASE, Map.of("id", "acme"),
                Map.of("number", "+33198765432", "trunkId", "t1"));
        assertThat(number.headers()).containsEntry("Location", "/admin/v1/accounts/acme/numbers/0198765432");
        assertThat(directory.number("0198765432")).isPresent();

        assertThat(audit.all()).extracting(AuditEntry::action, AuditEntry::target, AuditEntry::actor, AuditEntry::before)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("account.create", "account:acme", "alice", null),
                        org.assertj.core.groups.Tuple.tuple("trunk.create", "trunk:t1", "alice", null),
                        org.assertj.core.groups.Tuple.tuple("number.create", "number:0198765432", "alice", null));
        assertThat(audit.all().get(0).after())
                .isEqualTo("{\"id\":\"acme\",\"name\":\"Acme\",\"maxCallSeconds\":7200,\"callsPerSecond\":null}");
        assertThat(audit.all().get(0).at()).as("the store's milliseconds").isEqualTo(Instant.parse("2026-02-02T09:00:00.123Z"));
    }

    @Test
    void theBackOfficeSetsAnAccountsInvoiceDayWithAPutAndTheDirectoryAndAuditSeeIt() throws Exception {
        module.start(context());
        call(ModuleRoute.Method.POST, AccountRoutes.BASE, Map.of(), Map.of("id", "acme", "name", "Acme",
                "activatedOn", "2024-01-31"));
        assertThat(directory.account("acme").orElseThrow().billingDay()).isEqualTo(31);

        RouteResponse put = call(ModuleRoute.Method.PUT, AccountRoutes.ONE, Map.of("id", "acme"),
                Map.of("name", "Acme", "activatedOn", "2024-01-31", "invoiceDay", 5));
        assertThat(shown(put)).containsExactly("id=acme", "name=Acme", "maxCallSeconds=7200", "callsPerSecond=null",
                "activatedOn=2024-01-31", "invoiceDay=5");
        assertThat(directory.account("acme").orElseThrow().billingDay()).isEqualTo(5);
        assertThat(repository.findAccount("acme").orElseThrow().invoiceDay()).isEqualTo(5);
        assertThat(audit.all().get(1).after()).isEqualTo("{\"id\":\"acme\",\"name\":\"Acme\",\"maxCallSeconds\":7200,"
                + "\"callsPerSecond\":null,\"activatedOn\":\"2024-01-31\",\"invoiceDay\":5}");
    }

    /** The answer's fields in order, as {@code key=value}. */
    private static List<String> shown(RouteResponse response) {
        return ((Map<?, ?>) response.body()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    @Test
    void unknownObjectsAreNotFoundAndAForeignTrunkIsAFieldError() throws Exception {
        module.start(context());
        assertThat(call(ModuleRoute.Method.GET, AccountRoutes.ONE, Map.of("id", "nope"), Map.of()).detail())
                .isEqualTo("account 'nope' not found");
        repository.insertAccount(new Account("acme", "Acme", 60));
        repository.insertAccount(new Account("other", "Other", 60));
        repository.insertTrunk(new Trunk("t9", "other", TrunkKind.T0_IP, 2));
        RouteResponse trunk = call(ModuleRoute.Method.GET, TrunkRoutes.ONE, Map.of("id", "acme", "trunkId", "t9"), Map.of());
        assertThat(trunk.status()).isEqualTo(404);
        assertThat(trunk.detail()).isEqualTo("trunk 't9' not found in account 'acme'");
        RouteResponse number = call(ModuleRoute.Method.PUT, NumberRoutes.ONE, Map.of("id", "acme", "number", "112"), Map.of());
        assertThat(number.detail()).isEqualTo("number '112' not found in account 'acme'");
        assertThatThrownBy(() -> call(ModuleRoute.Method.POST, NumberRoutes.BASE, Map.of("id", "acme"),
                Map.of("number", "0198765432", "trunkId", "t9")))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors()).containsExactly(
                        new InvalidFields.FieldError("trunkId", "trunk 't9' is not a trunk of account 'acme'")));
    }

    @Test
    void aDeletionTellsEveryListenerFoundAtTheTimeAndAuditsWhatWentWithIt() throws Exception {
        module.start(context());
        service().createAccount(new Account("acme", "Acme", 60), "alice");
        service().createTrunk(new Trunk("t1", "acme", TrunkKind.T0_IP, 2), "alice");
        service().createTrunk(new Trunk("t2", "acme", TrunkKind.T0_IP, 2), "alice");
        service().createNumber(new DidNumber("0198765432", "acme", "t1"), "alice");

        // registered after the start, as a module started after this one would be
        List<String> told = new ArrayList<>();
        many.put(TrunkRemovalListener.class, List.of((TrunkRemovalListener) id -> told.add("trunk " + id)));
        many.put(AccountRemovalListener.class, List.of(
                (AccountRemovalListener) id -> {
                    told.add("keys of " + id);
                    return Map.of();
                },
                (AccountRemovalListener) id -> {
                    told.add("suspensions of " + id);
                    return Map.of("openSuspensions", List.of("s-1"));
                }));

        service().deleteTrunk("acme", "t2", "bob");
        assertThat(told).containsExactly("trunk t2");
        assertThat(directory.trunk("t2")).isEmpty();

        assertThat(call(ModuleRoute.Method.DELETE, AccountRoutes.ONE, Map.of("id", "acme"), Map.of()).status()).isEqualTo(204);
        assertThat(told).containsExactly("trunk t2", "trunk t1", "keys of acme", "suspensions of acme");
        assertThat(directory.account("acme")).isEmpty();
        assertThat(directory.number("0198765432")).isEmpty();
        AuditEntry deleted = audit.all().get(audit.all().size() - 1);
        assertThat(deleted.action()).isEqualTo("account.delete");
        assertThat(deleted.actor()).isEqualTo("alice");
        assertThat(deleted.after()).isNull();
        assertThat(deleted.before()).isEqualTo("{\"id\":\"acme\",\"name\":\"Acme\",\"maxCallSeconds\":60,"
                + "\"callsPerSecond\":null,\"trunks\":[{\"id\":\"t1\",\"accountId\":\"acme\",\"kind\":\"T0_IP\","
                + "\"channels\":2}],\"numbers\":[{\"number\":\"0198765432\",\"accountId\":\"acme\",\"trunkId\":\"t1\"}],"
                + "\"openSuspensions\":[\"s-1\"]}");
    }

    @Test
    void deletingATrunkLeavesItsNumbersWithoutATrunk() {
        module.start(context());
        service().createAccount(new Account("acme", "Acme", 60), "alice");
        service().createTrunk(new Trunk("t1", "acme", TrunkKind.T0_IP, 2), "alice");
        service().createNumber(new DidNumber("0198765432", "acme", "t1"), "alice");
        service().deleteTrunk("acme", "t1", "alice");
        assertThat(directory.number("0198765432")).hasValueSatisfying(n -> assertThat(n.trunkId()).isNull());
    }

    @Test
    void theTariffRuleReadsAndShowsANumbersTariffFields() throws Exception {
        module.start(context());
        many.put(NumberTariffFields.class, List.of(new NumberTariffFields() {
            @Override public Set<String> fields() { return Set.of("chargeCents"); }

            @Override
            public SpecialTariff read(BodyFields body, ClassifiedNumber number, Instant at, String actor) {
                Long cents = body.integer("chargeCents", false, 0, 1000);
                if (!body.valid()) return null;
                if (cents != null && cents > 80) {
                    body.error("chargeCents", "at most 80");
                    return null;
                }
                return cents == null ? null : SpecialTariff.of(cents.intValue(), null);
            }

            @Override public DidNumber replacing(DidNumber before, DidNumber after) { return after; }

            @Override
            public Map<String, Object> json(DidNumber n) {
                return n.tariff() == null ? Map.of() : Map.of("chargeCents", n.tariff().chargeCents());
            }
        }));
        service().createAccount(new Account("acme", "Acme", 60), "alice");
        assertThatThrownBy(() -> call(ModuleRoute.Method.POST, NumberRoutes.BASE, Map.of("id", "acme"),
                Map.of("number", "0899123456", "chargeCents", 90)))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors())
                        .containsExactly(new InvalidFields.FieldError("chargeCents", "at most 80")));
        assertThatThrownBy(() -> call(ModuleRoute.Method.POST, NumberRoutes.BASE, Map.of("id", "acme"),
                Map.of("number", "112", "chargeCents", 90)))
                .as("the rule judges a well-formed body only")
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors())
                        .extracting(InvalidFields.FieldError::field).containsExactly("number"));
        RouteResponse created = call(ModuleRoute.Method.POST, NumberRoutes.BASE, Map.of("id", "acme"),
                Map.of("number", "0899123456", "chargeCents", 80));
        assertThat(shown(created)).containsExactly("number=0899123456", "accountId=acme", "trunkId=null", "chargeCents=80");
    }

    private DirectoryService service() {
        return new DirectoryService(repository, directory, audit, context()::all, clock);
    }
}
