package io.callguard.store;

import io.callguard.siprates.BlockedAddress;
import io.callguard.siprates.BlockedAddressRepository;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Objects;

/**
 * The sip-rates module's block list ({@code sip_blocked_address}, one row per address, V14) in the {@link Store}'s
 * database. Blocking (JDBC): the module calls it at its start and on its actions' thread. Instants are kept to the
 * millisecond ({@link SqlTimes}).
 */
public final class SqlBlockedAddressRepository implements BlockedAddressRepository {
    private final Store store;

    public SqlBlockedAddressRepository(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    /** An update, else an insert (the module serialises its writes on one thread), as the traffic rules do. */
    @Override
    public void save(BlockedAddress b) {
        store.withConnection("store the block of " + b.address(), c -> {
            try (PreparedStatement ps = Store.prepare(c, "UPDATE sip_blocked_address SET reason = ?, blocked_since = ?, "
                            + "blocked_until = ?, message_count = ? WHERE address = ?", b.reason(),
                    SqlTimes.param(b.since()), SqlTimes.param(b.until()), b.count(), b.address())) {
                if (ps.executeUpdate() == 1) return null;
            }
            try (PreparedStatement ps = Store.prepare(c, "INSERT INTO sip_blocked_address (address, reason, blocked_since, "
                            + "blocked_until, message_count) VALUES (?, ?, ?, ?, ?)", b.address(), b.reason(),
                    SqlTimes.param(b.since()), SqlTimes.param(b.until()), b.count())) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean delete(String address) {
        return store.withConnection("delete the block of " + address, c -> {
            try (PreparedStatement ps = Store.prepare(c, "DELETE FROM sip_blocked_address WHERE address = ?", address)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<BlockedAddress> all() {
        return store.withConnection("list the blocked addresses", c -> Store.select(c,
                "SELECT address, reason, blocked_since, blocked_until, message_count FROM sip_blocked_address ORDER BY address",
                row -> new BlockedAddress(row.getString(1), row.getString(2), SqlTimes.read(row, 3), SqlTimes.read(row, 4),
                        row.getLong(5))));
    }
}
