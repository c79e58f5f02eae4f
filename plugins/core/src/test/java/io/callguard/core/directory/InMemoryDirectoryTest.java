package io.callguard.core.directory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryDirectoryTest {
    private final InMemoryDirectory directory = new InMemoryDirectory();

    @Test
    void removingATrunkKeepsItsNumbersWithoutATrunk() {
        directory.put(new Account("acme", "Acme", 7200));
        directory.put(new Trunk("trunk-a", "acme", TrunkKind.T0_IP, 2));
        directory.put(new DidNumber("0198765432", "acme", "trunk-a"));

        directory.removeTrunk("trunk-a");

        assertThat(directory.trunk("trunk-a")).isEmpty();
        assertThat(directory.number("0198765432")).contains(new DidNumber("0198765432", "acme", null));
    }

    @Test
    void removingAnAccountRemovesItsTrunksAndNumbersOnly() {
        directory.put(new Account("acme", "Acme", 7200));
        directory.put(new Account("globex", "Globex", 3600));
        directory.put(new Trunk("trunk-a", "acme", TrunkKind.T0_IP, 2));
        directory.put(new Trunk("trunk-g", "globex", TrunkKind.T2_IP, 30));
        directory.put(new DidNumber("0198765432", "acme", "trunk-a"));
        directory.put(new DidNumber("0412345678", "globex", "trunk-g"));

        directory.removeAccount("acme");

        assertThat(directory.account("acme")).isEmpty();
        assertThat(directory.trunk("trunk-a")).isEmpty();
        assertThat(directory.number("0198765432")).isEmpty();
        assertThat(directory.trunksOf("globex")).hasSize(1);
        assertThat(directory.numbersOf("globex")).hasSize(1);
    }

    @Test
    void lookupsOfNullIdsAreEmptyNotErrors() {
        assertThat(directory.account(null)).isEmpty();
        assertThat(directory.trunk(null)).isEmpty();
        assertThat(directory.number(null)).isEmpty();
    }
}
