package io.callguard.store;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.SpecialTariff;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tariff of 08 numbers (R9, migration V4) on every database behind {@link Store} (mixed into its tests). */
interface NumberTariffContract {
    Instant OFF_AT = Instant.parse("2026-01-15T08:30:00.123Z");

    /** An open, empty store (no accounts). */
    Store store();

    private Store withAcme() {
        store().insertAccount(new Account("acme", "ACME SA", 7200));
        return store();
    }

    @Test
    default void everyTariffFieldRoundTripsThroughInsertUpdateFindListAndLoad() {
        Store store = withAcme();
        DidNumber premium = new DidNumber("0899123456", "acme", null, SpecialTariff.of(80, ChargeUnit.MINUTE));
        DidNumber perCall = new DidNumber("0821123456", "acme", null, SpecialTariff.of(20, ChargeUnit.CALL));
        DidNumber free = new DidNumber("0800123456", "acme", null, SpecialTariff.free());
        DidNumber ordinary = new DidNumber("0198765432", "acme", null);
        for (DidNumber n : new DidNumber[] {premium, perCall, free, ordinary}) store.insertNumber(n);

        assertThat(store.findNumber("0899123456")).contains(premium);
        assertThat(store.findNumber("0800123456")).contains(free);
        assertThat(store.findNumber("0198765432").orElseThrow().tariff()).as("an ordinary number has none").isNull();
        assertThat(store.listNumbers("acme")).containsExactly(ordinary, free, perCall, premium);

        DidNumber off = premium.withTariff(premium.tariff().withAnnouncement(false, OFF_AT, "José (back office) 'ops'"));
        assertThat(store.updateNumber(off)).isTrue();
        assertThat(store.findNumber("0899123456")).contains(off);
        assertThat(store.findNumber("0899123456").orElseThrow().tariff().announcementOffAt()).isEqualTo(OFF_AT);

        DidNumber backOn = off.withTariff(off.tariff().withCharge(300, ChargeUnit.CALL).withAnnouncement(true, null, null));
        assertThat(store.updateNumber(backOn)).isTrue();
        assertThat(store.findNumber("0899123456")).contains(backOn);
        assertThat(store.findNumber("0899123456").orElseThrow().tariff().announcementOffBy()).isNull();

        assertThat(store.updateNumber(perCall.withTariff(null))).isTrue();
        assertThat(store.findNumber("0821123456").orElseThrow().tariff()).as("a tariff can be removed").isNull();

        InMemoryDirectory directory = new InMemoryDirectory();
        store.updateNumber(off);
        store.loadInto(directory);
        assertThat(directory.number("0899123456")).contains(off);
        assertThat(directory.number("0800123456")).contains(free);
    }

    @Test
    default void theSchemaRefusesASwitchOffTimeWhileTheAnnouncementIsOnAndAnUnknownUnit() throws SQLException {
        withAcme();
        try (Connection c = store().dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO did_number (did, account_id, charge_cents, charge_unit, "
                    + "announcement, announcement_off_by) VALUES ('0899000001', 'acme', 80, 'MINUTE', TRUE, 'someone')"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO did_number (did, account_id, charge_cents, charge_unit) "
                    + "VALUES ('0899000002', 'acme', 80, 'HOUR')")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO did_number (did, account_id, charge_cents) "
                    + "VALUES ('0899000003', 'acme', -1)")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO did_number (did, account_id, announcement) "
                    + "VALUES ('0899000004', 'acme', FALSE)")).as("no option without a tariff").isInstanceOf(SQLException.class);
            // A row written without the new columns (as before V4) has no tariff and the option on.
            s.executeUpdate("INSERT INTO did_number (did, account_id) VALUES ('0899000005', 'acme')");
        }
        DidNumber legacy = store().findNumber("0899000005").orElseThrow();
        assertThat(legacy.tariff()).isNull();
    }
}
