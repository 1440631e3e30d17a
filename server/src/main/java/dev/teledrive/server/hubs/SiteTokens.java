package dev.teledrive.server.hubs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The resume token a site is given for a hub's client: never the client's own (hub) token, but one
 * derived from it for that site alone. A site learns the tokens of every client that visits it or
 * resumes anywhere (each relay {@code open} and {@code find} carries one); were it the client's own, a
 * compromised site could {@code resume} it at a public hub and take that client's seat at another site.
 * A derived token resumes nothing elsewhere: the hub derives the token for the site it sends a resume
 * to from the token its client gave, so a derived token offered as a client's becomes another derived
 * token that no site holds. Every hub derives the same value from the client's token and the site's
 * name, with no secret shared between hubs, so a client still resumes through any hub.
 *
 * <p>HMAC-SHA256 keyed by the client's token over a label and the site's name, rather than a plain
 * SHA-256 of the pieces: HMAC is the standard keyed pseudo-random function, with no length extension
 * and no question of how the pieces are joined, and the client's token (128 random bits) is exactly a
 * key. Without it, one site's value says nothing of another's. The result is base64url without padding
 * (43 characters), a token as sites take them on the bus.
 */
final class SiteTokens {

    private static final String ALGORITHM = "HmacSHA256";
    /** Sets these values apart from any other use of the same key. */
    private static final String LABEL = "teledrive-site-token\0";

    private SiteTokens() {}

    /** The token {@code site} holds the place of the client with this hub token under. */
    static String forSite(String site, String hubToken) {
        try {
            Mac mac = Mac.getInstance(
                    ALGORITHM); // one per call: a Mac is not thread-safe, and a relay open or find costs far more
            mac.init(new SecretKeySpec(hubToken.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            byte[] digest = mac.doFinal((LABEL + site).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }
}
