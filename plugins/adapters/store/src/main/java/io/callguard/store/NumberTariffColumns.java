package io.callguard.store;

import io.callguard.core.directory.ChargeUnit;
import io.callguard.core.directory.SpecialTariff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The tariff columns of {@code did_number} (migration V4, R9) and their mapping to {@link SpecialTariff}: a NULL
 * {@code charge_cents} is no tariff (null), anything else a tariff with its announcement option and, when the option
 * is off, when and by whom it was switched off (millisecond precision, {@link SqlTimes}).
 */
final class NumberTariffColumns {
    /** The columns, in the order {@link #read} expects them, for a SELECT list. */
    static final String SELECT = "charge_cents, charge_unit, announcement, announcement_off_at, announcement_off_by";
    /** The columns as {@code col = ?} assignments in {@link #params} order, for an UPDATE. */
    static final String ASSIGN = "charge_cents = ?, charge_unit = ?, announcement = ?, announcement_off_at = ?, "
            + "announcement_off_by = ?";
    /** Placeholders of an INSERT's VALUES for these columns. */
    static final String PLACEHOLDERS = "?, ?, ?, ?, ?";

    private NumberTariffColumns() { }

    /** The tariff stored from column {@code first} on (1-based), null when the number has none. */
    static SpecialTariff read(ResultSet row, int first) throws SQLException {
        int cents = row.getInt(first);
        if (row.wasNull()) return null; // right after getInt: wasNull is about the last read
        String unit = row.getString(first + 1);
        boolean announcement = row.getBoolean(first + 2);
        return new SpecialTariff(cents, unit == null ? null : ChargeUnit.valueOf(unit), announcement,
                SqlTimes.read(row, first + 3), row.getString(first + 4));
    }

    /** The statement parameters of {@code tariff} (null: no tariff, the option on), in {@link #SELECT} order. */
    static Object[] params(SpecialTariff tariff) {
        if (tariff == null) {
            return new Object[] {new Store.SqlNull(Types.INTEGER), new Store.SqlNull(Types.VARCHAR), true,
                    SqlTimes.param(null), new Store.SqlNull(Types.VARCHAR)};
        }
        return new Object[] {tariff.chargeCents(), Store.orNull(tariff.unit() == null ? null : tariff.unit().name(),
                Types.VARCHAR), tariff.announcement(), SqlTimes.param(tariff.announcementOffAt()),
                Store.orNull(tariff.announcementOffBy(), Types.VARCHAR)};
    }

    /** {@code before}, then the parameters of {@code tariff}, then {@code after}: one statement's parameters. */
    static Object[] around(Object[] before, SpecialTariff tariff, Object... after) {
        Object[] tariffParams = params(tariff);
        Object[] all = new Object[before.length + tariffParams.length + after.length];
        System.arraycopy(before, 0, all, 0, before.length);
        System.arraycopy(tariffParams, 0, all, before.length, tariffParams.length);
        System.arraycopy(after, 0, all, before.length + tariffParams.length, after.length);
        return all;
    }
}
