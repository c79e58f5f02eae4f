package io.callguard.siprates;

import io.callguard.core.net.AddressRanges;
import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Durations;
import io.callguard.core.config.Option;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
 * @param nftables              the nftables set file written after every change of the list (off by default)
 */
public record SipRatesOptions(int messagesPerSecond, int transactionsPerSecond, Duration blockFor,
                              AddressRanges allowList, Map<String, String> accountAddresses,
                              List<String> blockCommand, List<String> unblockCommand, NftablesOptions nftables) {
    public static final String MESSAGES_PER_SECOND = "sipRates.messagesPerSecond";
    public static final String TRANSACTIONS_PER_SECOND = "sipRates.transactionsPerSecond";
    public static final String BLOCK_FOR = "sipRates.blockFor";
    public static final String ALLOW_LIST = "sipRates.allowList";
    public static final String ACCOUNT_ADDRESSES = "sipRates.accountAddresses";
    public static final String BLOCK_COMMAND = "sipRates.blockCommand";
    public static final String UNBLOCK_COMMAND = "sipRates.unblockCommand";
    public static final String NFTABLES_FILE = "sipRates.nftablesFile";
    public static final String NFTABLES_SET4 = "sipRates.nftablesSet4";
    public static final String NFTABLES_SET6 = "sipRates.nftablesSet6";
    /** The families nft knows; table and set names as the file writes them unquoted. */
    private static final Set<String> NFT_FAMILIES = Set.of("ip", "ip6", "inet", "arp", "bridge", "netdev");
    private static final Pattern NFT_NAME = Pattern.compile("[a-zA-Z0-9_]+");

    public static final List<Option> OPTIONS = List.of(
            Option.of(MESSAGES_PER_SECOND, INT, "60",
                    "R7: most SIP messages one source IP may send in any second (exact sliding window); above, it is blocked"),
            Option.of(TRANSACTIONS_PER_SECOND, INT, "30",
                    "R5: most SIP transactions (requests but ACK and CANCEL, new branch) one account may start in any second; above, the traffic module applies the account's SIP_TRANSACTION_RATE rule (without it, an alert)"),
            Option.of(BLOCK_FOR, DURATION, "10m", "how long an address over R7 stays on the block list"),
            Option.of(ALLOW_LIST, LIST, "",
                    "addresses or CIDR ranges never blocked: the operator's own equipment (Asterisk, SBC) and its carriers"),
            Option.of(ACCOUNT_ADDRESSES, LIST, "",
                    "R5 fallback: source address = account id pairs, for addresses no trunk's sip-addresses (admin API) hold"),
            Option.of(BLOCK_COMMAND, STRING, "",
                    "command run (no shell) when an address is blocked, {address} and {seconds} replaced; empty = none"),
            Option.of(UNBLOCK_COMMAND, STRING, "",
                    "command run when an address is unblocked or its block expires, {address} replaced; empty = none"),
            Option.of(NFTABLES_FILE, STRING, "",
                    "file rewritten after every change of the block list, for nft -f: both sets flushed, one element per block with its remaining time; empty = none"),
            Option.of(NFTABLES_SET4, STRING, NftablesOptions.DEFAULT_SET4,
                    "the nftables set (family table set) of the blocked IPv4 addresses, in the set file"),
            Option.of(NFTABLES_SET6, STRING, NftablesOptions.DEFAULT_SET6,
                    "the nftables set (family table set) of the blocked IPv6 addresses, in the set file"));

    /** Without the nftables set file (tests, the bench). */
    public SipRatesOptions(int messagesPerSecond, int transactionsPerSecond, Duration blockFor, AddressRanges allowList,
                           Map<String, String> accountAddresses, List<String> blockCommand, List<String> unblockCommand) {
        this(messagesPerSecond, transactionsPerSecond, blockFor, allowList, accountAddresses, blockCommand,
                unblockCommand, NftablesOptions.OFF);
    }

    public static SipRatesOptions from(ConfigView view) {
        // each active address keeps its last limit times (8 bytes each): the bound keeps a spoofed flood's memory small
        int messages = view.integer(MESSAGES_PER_SECOND, 1, 1_000, "1..1000");
        int transactions = view.integer(TRANSACTIONS_PER_SECOND, 1, 1_000, "1..1000");
        Duration blockFor = view.duration(BLOCK_FOR, Duration.ofSeconds(1), Duration.ofDays(30));
        AddressRanges allow = AddressRanges.NONE;
        try {
            allow = AddressRanges.parse(view.list(ALLOW_LIST));
        } catch (IllegalArgumentException e) {
            view.problem(ALLOW_LIST, e.getMessage());
        }
        Map<String, String> accounts = new LinkedHashMap<>();
        for (String pair : view.list(ACCOUNT_ADDRESSES)) {
            int eq = pair.indexOf('=');
            String address = eq < 0 ? "" : AddressRanges.canonical(pair.substring(0, eq).trim());
            String account = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (address == null || address.isEmpty() || account.isEmpty()) {
                view.problem(ACCOUNT_ADDRESSES, "expected address=accountId, got '" + pair + "'");
            } else {
                accounts.put(address, account);
            }
        }
        return new SipRatesOptions(messages, transactions, blockFor, allow, Map.copyOf(accounts),
                words(view.text(BLOCK_COMMAND)), words(view.text(UNBLOCK_COMMAND)), nftables(view));
    }

    /** The set file's keys, checked at the start: the file's directory must be there and writable, the sets named. */
    private static NftablesOptions nftables(ConfigView view) {
        String set4 = nftSet(view, NFTABLES_SET4);
        String set6 = nftSet(view, NFTABLES_SET6);
        if (set4 != null && set4.equals(set6)) {
            view.problem(NFTABLES_SET6, "must name another set than " + NFTABLES_SET4
                    + " (an nftables set holds one address type), got '" + set6 + "'");
        }
        // a wrong name fails the start (the problem recorded); the default only stands in meanwhile
        if (set4 == null) set4 = NftablesOptions.DEFAULT_SET4;
        if (set6 == null) set6 = NftablesOptions.DEFAULT_SET6;
        String text = view.text(NFTABLES_FILE).trim();
        if (text.isEmpty()) return new NftablesOptions(null, set4, set6);
        Path file;
        try {
            file = Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            view.problem(NFTABLES_FILE, "must be a file path (" + e.getReason() + "), got '" + text + "'");
            return new NftablesOptions(null, set4, set6);
        }
        Path dir = file.getParent();
        String problem = null;
        if (dir == null || file.getFileName() == null) problem = "must name a file, not a root directory";
        else if (Files.isDirectory(file)) problem = "must name a file, not a directory";
        else if (!Files.isDirectory(dir)) problem = "must be in an existing directory (" + dir + " is not one)";
        else if (!Files.isWritable(dir)) {
            problem = "must be in a directory callguard can write (" + dir
                    + " is not: the file is replaced through a temporary file beside it)";
        } else if (Files.exists(file) && !Files.isRegularFile(file)) problem = "must name a regular file";
        if (problem != null) {
            view.problem(NFTABLES_FILE, problem + ", got '" + text + "'");
            return new NftablesOptions(null, set4, set6);
        }
        return new NftablesOptions(file, set4, set6);
    }

    /** {@code family table set}, words joined by one space; null after recording a problem. */
    private static String nftSet(ConfigView view, String key) {
        String text = view.text(key).trim();
        String[] words = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (words.length != 3) {
            view.problem(key, "must be 'family table set' (three words, e.g. " + NftablesOptions.DEFAULT_SET4
                    + "), got '" + text + "'");
            return null;
        }
        if (!NFT_FAMILIES.contains(words[0])) {
            view.problem(key, "family must be one of " + NFT_FAMILIES.stream().sorted().toList() + ", got '" + text + "'");
            return null;
        }
        if (!NFT_NAME.matcher(words[1]).matches() || !NFT_NAME.matcher(words[2]).matches()) {
            view.problem(key, "table and set names must be letters, digits and _, got '" + text + "'");
            return null;
        }
        return String.join(" ", words);
    }

    /** The defaults, with these limits (tests). */
    public static SipRatesOptions limits(int messagesPerSecond, int transactionsPerSecond, Duration blockFor) {
        return new SipRatesOptions(messagesPerSecond, transactionsPerSecond, blockFor, AddressRanges.NONE, Map.of(),
                List.of(), List.of(), NftablesOptions.OFF);
    }

    private static List<String> words(String command) {
        String t = command.trim();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    static String describe(Duration d) { return Durations.format(d); }
}
