package io.callguard.siprates;

import io.callguard.core.config.ConfigValues;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The nftables set file's keys as the start checks them: each mistake named with its key. */
class SipRatesOptionsTest {
    @TempDir Path dir;

    private static ConfigValues defaults() { return ConfigValues.defaults(SipRatesOptions.OPTIONS); }

    @Test
    void byDefaultNoFileAndTheCallguardSets() {
        ConfigValues view = defaults();
        SipRatesOptions o = SipRatesOptions.from(view);
        assertThat(view.problems()).isEmpty();
        assertThat(o.nftables()).isEqualTo(NftablesOptions.OFF);
        assertThat(o.nftables().enabled()).isFalse();
        assertThat(o.nftables().set4()).isEqualTo("inet callguard blocked4");
        assertThat(o.nftables().set6()).isEqualTo("inet callguard blocked6");
    }

    @Test
    void aFileInAWritableDirectoryWithSetsOfTheirOwn() {
        ConfigValues view = defaults()
                .set(SipRatesOptions.NFTABLES_FILE, dir.resolve("blocked.nft").toString(), "file")
                .set(SipRatesOptions.NFTABLES_SET4, "  ip   filter  sip_v4 ", "file")
                .set(SipRatesOptions.NFTABLES_SET6, "ip6 filter sip_v6", "CALLGUARD_SIP_RATES_NFTABLES_SET6");
        SipRatesOptions o = SipRatesOptions.from(view);
        assertThat(view.problems()).isEmpty();
        assertThat(o.nftables()).isEqualTo(new NftablesOptions(dir.resolve("blocked.nft"), "ip filter sip_v4", "ip6 filter sip_v6"));
    }

    @Test
    void aFileWhereItCannotBeWrittenIsRefusedWithTheKeyNamed() throws Exception {
        Path missing = dir.resolve("nope/blocked.nft");
        Path aDirectory = Files.createDirectory(dir.resolve("a-directory"));
        for (String[] c : new String[][]{
                {missing.toString(), "sipRates.nftablesFile: must be in an existing directory (" + dir.resolve("nope")
                        + " is not one), got '" + missing + "'"},
                {aDirectory.toString(), "sipRates.nftablesFile: must name a file, not a directory, got '" + aDirectory + "'"},
                {"/", "sipRates.nftablesFile: must name a file, not a root directory, got '/'"}}) {
            ConfigValues view = defaults().set(SipRatesOptions.NFTABLES_FILE, c[0], "file");
            assertThat(SipRatesOptions.from(view).nftables().enabled()).isFalse();
            assertThat(view.problems()).containsExactly(c[1]);
        }
    }

    @Test
    void aDirectoryCallguardCannotWriteIsRefused() throws Exception {
        // root writes everywhere: the check can only be seen as another user
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "running as root");
        Path readOnly = Files.createDirectory(dir.resolve("ro"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("r-xr-xr-x")));
        ConfigValues view = defaults().set(SipRatesOptions.NFTABLES_FILE, readOnly.resolve("b.nft").toString(), "file");
        SipRatesOptions.from(view);
        assertThat(view.problems()).singleElement().asString().startsWith("sipRates.nftablesFile: must be in a directory callguard can write");
    }

    @Test
    void setsMustBeFamilyTableSetWordsAndTwoDifferentOnes() {
        ConfigValues view = defaults()
                .set(SipRatesOptions.NFTABLES_SET4, "callguard blocked4", "file")
                .set(SipRatesOptions.NFTABLES_SET6, "inet callguard blocked-6", "CALLGUARD_SIP_RATES_NFTABLES_SET6");
        SipRatesOptions.from(view);
        assertThat(view.problems()).containsExactly(
                "sipRates.nftablesSet4: must be 'family table set' (three words, e.g. inet callguard blocked4), got 'callguard blocked4'",
                "sipRates.nftablesSet6: table and set names must be letters, digits and _, got 'inet callguard blocked-6' (from CALLGUARD_SIP_RATES_NFTABLES_SET6)");

        ConfigValues family = defaults().set(SipRatesOptions.NFTABLES_SET4, "inet6 callguard blocked4", "file");
        SipRatesOptions.from(family);
        assertThat(family.problems()).containsExactly(
                "sipRates.nftablesSet4: family must be one of [arp, bridge, inet, ip, ip6, netdev], got 'inet6 callguard blocked4'");

        ConfigValues same = defaults().set(SipRatesOptions.NFTABLES_SET6, "inet callguard blocked4", "file");
        SipRatesOptions.from(same);
        assertThat(same.problems()).containsExactly("sipRates.nftablesSet6: must name another set than "
                + "sipRates.nftablesSet4 (an nftables set holds one address type), got 'inet callguard blocked4'");
    }
}
