package dev.teledrive.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Compares and names access tokens without ever leaking them. */
public final class Tokens {

    private Tokens() {
    }

    /**
     * Whether the offered token is the expected one. Digests are compared, so the time taken says
     * nothing about the token, not even its length.
     */
    public static boolean matches(String offered, Optional<String> expected) {
        return offered != null && expected.isPresent()
                && MessageDigest.isEqual(sha256(offered), sha256(expected.get()));
    }

    /** A short name for a token that is safe to log: the first 4 bytes of its SHA-256. */
    public static String fingerprint(String token) {
        return "sha256:" + HexFormat.of().formatHex(sha256(token), 0, 4);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
