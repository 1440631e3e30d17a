package dev.teledrive.server.hubs;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The resume tokens a hub gives its clients: 128 random bits each, never logged, never given to a
 * site. Each relay {@code open} carries the token derived from it for that site ({@link SiteTokens}),
 * which the site holds the client's place under, so the one token of the client's {@code hello} names
 * its place wherever it is now (PROTOCOL.md, "Resume"), and what a site learns resumes nothing at another.
 */
final class ClientTokens {

    private static final int TOKEN_BYTES = 16;

    private final SecureRandom random = new SecureRandom();

    /** A fresh, unguessable token. */
    String next() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
