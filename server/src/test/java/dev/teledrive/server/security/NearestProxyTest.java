package dev.teledrive.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NearestProxyTest {

    @Test
    void theRightmostForwardedForEntryIsTheClientWhateverTheClientWroteBeforeIt() {
        assertEquals(Optional.of("203.0.113.7"), NearestProxy.client(List.of("6.6.6.6, 203.0.113.7"), List.of()));
        assertEquals(
                Optional.of("203.0.113.7"),
                NearestProxy.client(List.of("6.6.6.6", "1.1.1.1, 203.0.113.7"), List.of()),
                "over several header lines too");
        assertEquals(Optional.of("203.0.113.7"), NearestProxy.client(List.of("6.6.6.6,203.0.113.7 , "), List.of()));
    }

    @Test
    void portsBracketsAndQuotesAreNotPartOfTheAddress() {
        assertEquals(Optional.of("203.0.113.7"), NearestProxy.client(List.of("203.0.113.7:4711"), List.of()));
        assertEquals(Optional.of("2001:db8::1"), NearestProxy.client(List.of("[2001:db8::1]:4711"), List.of()));
        assertEquals(Optional.of("2001:db8::1"), NearestProxy.client(List.of("2001:db8::1"), List.of()));
        assertEquals(
                Optional.of("2001:db8::1"),
                NearestProxy.client(List.of(), List.of("for=6.6.6.6, for=\"[2001:db8::1]:80\";proto=https")));
    }

    @Test
    void forwardedCountsOnlyItsLastElementAndOnlyWithoutXForwardedFor() {
        assertEquals(
                Optional.of("198.51.100.9"),
                NearestProxy.client(List.of(), List.of("for=6.6.6.6;proto=https", "proto=https;for=198.51.100.9")));
        assertEquals(
                Optional.empty(),
                NearestProxy.client(List.of(), List.of("for=6.6.6.6, proto=https")),
                "the nearest proxy named nobody: an earlier for= may be the client's own");
        assertEquals(
                Optional.of("198.51.100.9"),
                NearestProxy.client(List.of("198.51.100.9"), List.of("for=6.6.6.6")),
                "a Forwarded header that a proxy passed on untouched is the client's");
        assertEquals(Optional.empty(), NearestProxy.client(List.of(), List.of()));
    }
}
