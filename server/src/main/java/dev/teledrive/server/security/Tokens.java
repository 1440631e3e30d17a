package dev.teledrive.server.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Compares and names access tokens without ever leaking them. */
public final class Tokens {

    /**
     * The key of this process's fingerprints. Random per process, so a fingerprint in a log cannot
     * be looked up in a table of digests of likely tokens; it only tells lines of one run apart.
     */
    private static final SecretKeySpec FINGERPRINT_KEY = new SecretKeySpec(randomKey(), "HmacSHA256");

    private Tokens() {}

    /**
     * Whether the offered token is the expected one. Digests are compared, so the time taken says
     * nothing about the token, not even its length.
     */
    public static boolean matches(String offered, Optional<String> expected) {
        return offered != null
                && expected.isPresent()
                && MessageDigest.isEqual(sha256(offered), sha256(expected.get()));
    }

    /** A short name for a token that is safe to log: 4 bytes of an HMAC under this process's own key. */
    public static String fingerprint(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(FINGERPRINT_KEY);
            return "hmac:" + HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
