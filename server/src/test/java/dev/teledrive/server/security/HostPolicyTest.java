package dev.teledrive.server.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPolicyTest {

    private final HostPolicy policy = new HostPolicy(List.of("MyCar.local"));

    @Test
    void loopbackNamesAndAddressesAndListedNamesAreAllowed() {
        for (String host : List.of(
                "localhost",
                "LOCALHOST",
                "localhost.",
                "car.localhost",
                "127.0.0.1",
                "127.1.2.3",
                "[::1]",
                "::1",
                "mycar.local")) {
            assertTrue(policy.allows(host), host);
        }
    }

    @Test
    void anyOtherNameIsRefused() {
        for (String host : List.of(
                "attacker.example",
                "localhost.attacker.example",
                "127.0.0.1.nip.io",
                "10.0.0.5",
                "[::2]",
                "mycar.local.evil",
                "0.0.0.0")) {
            assertFalse(policy.allows(host), host);
        }
    }
}
