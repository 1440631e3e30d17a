package dev.teledrive.server.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SiteTokensTest {

    private final String client = new ClientTokens().next();

    @Test
    void everyHubDerivesTheSameTokenForASite() {
        assertEquals(SiteTokens.forSite("home", client), SiteTokens.forSite("home", client));
    }

    @Test
    void eachSiteGetsItsOwnTokenAndNoneIsTheClients() {
        String home = SiteTokens.forSite("home", client);
        String shed = SiteTokens.forSite("shed", client);
        assertNotEquals(home, shed);
        assertNotEquals(client, home);
        assertNotEquals(client, shed);
    }

    @Test
    void aTokenASiteLearnedResumesNothingAtAnother() {
        String learnedAtShed = SiteTokens.forSite("shed", client);
        // offered to a hub as a client's token, it is derived again for the site asked
        assertNotEquals(SiteTokens.forSite("home", client), SiteTokens.forSite("home", learnedAtShed));
    }

    @Test
    void theDerivationIsFixedSoHubsOfEveryVersionAgree() {
        // HMAC-SHA256(key "AAAAAAAAAAAAAAAAAAAAAA", "teledrive-site-token\0home"), base64url, computed apart
        // (Python's hmac): a hub that derived otherwise would resume nothing its peers' clients hold
        assertEquals(
                "ep4MTkmOVmhaKoALjqASZe-rraULY1RO6iiaJuii01c", SiteTokens.forSite("home", "AAAAAAAAAAAAAAAAAAAAAA"));
    }

    @Test
    void aSiteTakesItOnTheBus() {
        String token = SiteTokens.forSite("home", client);
        assertEquals(43, token.length());
        assertTrue(token.matches("[A-Za-z0-9_-]{1,64}"), token);
    }
}
