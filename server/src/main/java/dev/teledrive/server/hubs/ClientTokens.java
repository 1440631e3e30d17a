package dev.teledrive.server.hubs;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The resume tokens a hub gives its clients: 128 random bits each, never logged. The hub passes its
 * client's token in every relay {@code open}, and each site holds the client's place under it, so the
 * one token of the client's {@code hello} names its place wherever it is now (PROTOCOL.md, "Resume").
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
