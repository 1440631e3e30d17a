package dev.teledrive.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusSettingsTest {

    @TempDir
    Path tmp;

    private static BusSettings settings(Map<String, String> keys) {
        return BusSettings.from(new MapConfiguration(keys)).orElseThrow();
    }

    @Test
    void aTrustStoreIsTakenWithItsPasswordAndNeverShowsIt() throws Exception {
        Path store = Files.writeString(tmp.resolve("trust.p12"), "x");
        BusSettings s = settings(Map.of(
                "nats.url", "tls://nats.example.org:4222",
                "nats.tls.truststore", store.toString(),
                "nats.tls.truststorePassword", "hunter2"));
        assertEquals(store, s.trust().orElseThrow().file());
        assertFalse(s.toString().contains("hunter2"), s.toString());
        assertTrue(settings(Map.of("nats.url", "nats://127.0.0.1:4222")).trust().isEmpty());
    }

    @Test
    void aTrustStoreThatIsMissingOrHasNoPasswordIsRefusedWithTheNextStep() throws Exception {
        var missing = assertThrows(
                ConfigurationException.class,
                () -> settings(Map.of(
                        "nats.url", "tls://h:4222",
                        "nats.tls.truststore", tmp.resolve("nope.p12").toString(),
                        "nats.tls.truststorePassword", "p")));
        assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
        Path store = Files.writeString(tmp.resolve("trust.p12"), "x");
        var noPassword = assertThrows(
                ConfigurationException.class,
                () -> settings(Map.of("nats.url", "tls://h:4222", "nats.tls.truststore", store.toString())));
        assertTrue(noPassword.getMessage().contains("TELEDRIVE_NATS_TLS_TRUSTSTORE_PASSWORD"), noPassword.getMessage());
        var passwordAlone = assertThrows(
                ConfigurationException.class,
                () -> settings(Map.of("nats.url", "tls://h:4222", "nats.tls.truststorePassword", "p")));
        assertTrue(passwordAlone.getMessage().contains("set both"), passwordAlone.getMessage());
    }

    @Test
    void aCredentialsFileIsACredsFileOrAUserSeedAndAnythingElseIsRefusedAtStart() throws Exception {
        io.nats.client.NKey user = io.nats.client.NKey.createUser(null);
        Path seed = Files.writeString(tmp.resolve("home.nk"), new String(user.getSeed()) + "\n");
        var login = settings(Map.of("nats.url", "nats://h:4222", "nats.credentials", seed.toString()))
                .login();
        assertEquals(new BusSettings.Login.Nkey(seed, new String(user.getPublicKey())), login);
        assertFalse(login.toString().contains(new String(user.getSeed())), "never shows the seed: " + login);

        Path creds = Files.writeString(
                tmp.resolve("home.creds"), "-----BEGIN NATS USER JWT-----\neyJ0\n------END NATS USER JWT------\n");
        assertEquals(
                new BusSettings.Login.Credentials(creds),
                settings(Map.of("nats.url", "nats://h:4222", "nats.credentials", creds.toString()))
                        .login(),
                "a .creds file is jnats's to read");

        Path junk = Files.writeString(tmp.resolve("junk.nk"), "SUnotaseed\n");
        var refused = assertThrows(
                ConfigurationException.class,
                () -> settings(Map.of("nats.url", "nats://h:4222", "nats.credentials", junk.toString())));
        assertTrue(refused.getMessage().contains("nats.credentials"), refused.getMessage());
        assertTrue(refused.getMessage().contains("nk -gen user"), refused.getMessage());
        Path account = Files.writeString(
                tmp.resolve("account.nk"),
                new String(io.nats.client.NKey.createAccount(null).getSeed()));
        var notAUser = assertThrows(
                ConfigurationException.class,
                () -> settings(Map.of("nats.url", "nats://h:4222", "nats.credentials", account.toString())));
        assertTrue(notAUser.getMessage().contains("not a user's"), notAUser.getMessage());
    }
}
