package io.callguard.cti.callback;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackAddressesTest {
    private static boolean nonPublic(String literal) throws Exception {
        return CallbackAddresses.isNonPublic(InetAddress.getByName(literal)); // literals: no DNS
    }

    @Test
    void loopbackPrivateLinkLocalAnyLocalAndMulticastAreNotPublic() throws Exception {
        for (String a : new String[] {"127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "::", "0.1.2.3",
                "10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.1.1", "169.254.169.254", "fe80::1",
                "100.64.0.1", "224.0.0.1", "ff02::1", "255.255.255.255", "fc00::1", "fd12:3456::1", "fec0::1"}) {
            assertThat(nonPublic(a)).as(a).isTrue();
        }
    }

    @Test
    void ipv4MappedAndCompatibleFormsOfPrivateAddressesAreNotPublic() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        // built as an Inet6Address explicitly: InetAddress.getByName would turn ::ffff:127.0.0.1 into IPv4 itself
        assertThat(CallbackAddresses.isNonPublic(java.net.Inet6Address.getByAddress(null, mapped, -1))).isTrue();
        assertThat(nonPublic("::ffff:10.1.2.3")).isTrue();
        assertThat(nonPublic("::ffff:169.254.169.254")).isTrue();
        byte[] compatible = new byte[16];
        compatible[12] = (byte) 192;
        compatible[13] = (byte) 168;
        compatible[15] = 1;
        assertThat(CallbackAddresses.isNonPublic(java.net.Inet6Address.getByAddress(null, compatible, -1))).isTrue();
    }

    @Test
    void publicAddressesAreAllowed() throws Exception {
        for (String a : new String[] {"8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "193.252.19.3",
                "2001:4860:4860::8888", "::ffff:8.8.8.8"}) {
            assertThat(nonPublic(a)).as(a).isFalse();
        }
    }
}
