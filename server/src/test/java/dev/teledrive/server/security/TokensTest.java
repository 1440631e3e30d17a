package dev.teledrive.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void onlyTheExactTokenMatches() {
        assertTrue(Tokens.matches("s3cret", Optional.of("s3cret")));
        assertFalse(Tokens.matches("s3cre", Optional.of("s3cret")));
        assertFalse(Tokens.matches("S3CRET", Optional.of("s3cret")));
        assertFalse(Tokens.matches("", Optional.of("s3cret")));
    }

    @Test
    void nothingMatchesWhenNoTokenIsSetOrNoneIsOffered() {
        assertFalse(Tokens.matches("anything", Optional.empty()));
        assertFalse(Tokens.matches(null, Optional.of("s3cret")));
    }

    @Test
    void aFingerprintIsShortStableAndHidesTheToken() {
        String print = Tokens.fingerprint("s3cret");
        assertEquals(print, Tokens.fingerprint("s3cret"));
        assertTrue(print.matches("hmac:[0-9a-f]{8}"), print);
        assertFalse(print.contains("s3cret"));
    }

    @Test
    void aFingerprintIsNotThePlainDigestThatATableOfGuessesWouldFind() throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest("s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String unsalted = java.util.HexFormat.of().formatHex(digest, 0, 4);
        assertFalse(Tokens.fingerprint("s3cret").endsWith(unsalted), "salted per process");
    }
}
