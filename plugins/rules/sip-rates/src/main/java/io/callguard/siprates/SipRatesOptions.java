package io.callguard.siprates;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Durations;
import io.callguard.core.config.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.LIST;
import static io.callguard.core.config.OptionType.STRING;

/**
 * The keys of the sip-rates module, declared here once.
 *
 * @param messagesPerSecond     R7: the most SIP messages one source IP may send in any second
 * @param transactionsPerSecond R5: the most SIP transactions one account may start in any second
 * @param blockFor              how long an address over R7 stays blocked
 * @param allowList             addresses and CIDR ranges never blocked (the operator's equipment, its carriers)
 * @param accountAddresses      source address → account id (R5), asked when no trunk's sip-addresses hold the address
 * @param blockCommand          run (no shell) when an address is blocked, placeholders replaced; empty = none
 * @param unblockCommand        run when an address is unblocked or its block expires; empty = none
 */
public record SipRatesOptions(int messagesPerSecond, int transactionsPerSecond, Duration blockFor,
                              AddressList allowList, Map<String, String> accountAddresses,
                              List<String> blockCommand, List<String> unblockCommand) {
    public static final String MESSAGES_PER_SECOND = "sipRates.messagesPerSecond";
    public static final String TRANSACTIONS_PER_SECOND = "sipRates.transactionsPerSecond";
    public static final String BLOCK_FOR = "sipRates.blockFor";
    public static final String ALLOW_LIST = "sipRates.allowList";
    public static final String ACCOUNT_ADDRESSES = "sipRates.accountAddresses";
    public static final String BLOCK_COMMAND = "sipRates.blockCommand";
    public static final String UNBLOCK_COMMAND = "sipRates.unblockCommand";

    public static final List<Option> OPTIONS = List.of(
            Option.of(MESSAGES_PER_SECOND, INT, "60",
                    "R7: most SIP messages one source IP may send in any second (exact sliding window); above, it is blocked"),
            Option.of(TRANSACTIONS_PER_SECOND, INT, "30",
                    "R5: most SIP transactions (requests but ACK and CANCEL, new branch) one account may start in any second; above, an alert"),
            Option.of(BLOCK_FOR, DURATION, "10m", "how long an address over R7 stays on the block list"),
            Option.of(ALLOW_LIST, LIST, "",
                    "addresses or CIDR ranges never blocked: the operator's own equipment (Asterisk, SBC) and its carriers"),
            Option.of(ACCOUNT_ADDRESSES, LIST, "",
                    "R5 fallback: source address = account id pairs, for addresses no trunk's sip-addresses (admin API) hold"),
            Option.of(BLOCK_COMMAND, STRING, "",
                    "command run (no shell) when an address is blocked, {address} and {seconds} replaced; empty = none"),
            Option.of(UNBLOCK_COMMAND, STRING, "",
                    "command run when an address is unblocked or its block expires, {address} replaced; empty = none"));

    public static SipRatesOptions from(ConfigView view) {
        // each active address keeps its last limit times (8 bytes each): the bound keeps a spoofed flood's memory small
        int messages = view.integer(MESSAGES_PER_SECOND, 1, 1_000, "1..1000");
        int transactions = view.integer(TRANSACTIONS_PER_SECOND, 1, 1_000, "1..1000");
        Duration blockFor = view.duration(BLOCK_FOR, Duration.ofSeconds(1), Duration.ofDays(30));
        AddressList allow = AddressList.EMPTY;
        try {
            allow = AddressList.parse(view.list(ALLOW_LIST));
        } catch (IllegalArgumentException e) {
            view.problem(ALLOW_LIST, e.getMessage());
        }
        Map<String, String> accounts = new LinkedHashMap<>();
        for (String pair : view.list(ACCOUNT_ADDRESSES)) {
            int eq = pair.indexOf('=');
            String address = eq < 0 ? "" : AddressList.canonical(pair.substring(0, eq).trim());
            String account = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (address == null || address.isEmpty() || account.isEmpty()) {
                view.problem(ACCOUNT_ADDRESSES, "expected address=accountId, got '" + pair + "'");
            } else {
                accounts.put(address, account);
            }
        }
        return new SipRatesOptions(messages, transactions, blockFor, allow, Map.copyOf(accounts),
                words(view.text(BLOCK_COMMAND)), words(view.text(UNBLOCK_COMMAND)));
    }

    /** The defaults, with these limits (tests). */
    public static SipRatesOptions limits(int messagesPerSecond, int transactionsPerSecond, Duration blockFor) {
        return new SipRatesOptions(messagesPerSecond, transactionsPerSecond, blockFor, AddressList.EMPTY, Map.of(),
                List.of(), List.of());
    }

    private static List<String> words(String command) {
        String t = command.trim();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    static String describe(Duration d) { return Durations.format(d); }
}
