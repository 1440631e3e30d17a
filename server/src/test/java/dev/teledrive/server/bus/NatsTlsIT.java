package dev.teledrive.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.api.testkit.MapConfiguration;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.support.NatsServers;
import dev.teledrive.server.support.TestKeystore;
import dev.teledrive.server.support.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site and a hub reach a real nats-server over {@code tls://} with a self-signed certificate the
 * JVM does not trust (made here with the JDK's keytool), trusting it through
 * {@code nats.tls.truststore}, and log in with a user and password, or with a token.
 */
class NatsTlsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private NatsServers nats;
    private TestServer site;
    private Teledrive hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        if (site != null) {
            site.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void aSiteAndAHubMeetOverTlsWithUsersAndPasswords() throws Exception {
        Path truststore = startTlsServer("""
                authorization {
                  users: [
                    {user: site-home, password: $SITE_PASSWORD}
                    {user: hub, password: $HUB_PASSWORD}
                  ]
                }
                """, Map.of("SITE_PASSWORD", "site-pass-1", "HUB_PASSWORD", "hub-pass-1"));
        Map<String, String> trust = trust(truststore);
        site = TestServer.start(
                tmp,
                c -> with(c, trust)
                        .with("site.name", "home")
                        .with("nats.user", "site-home")
                        .with("nats.password", "site-pass-1"));
        hub = startHub(trust, Map.of("nats.user", "hub", "nats.password", "hub-pass-1"));

        assertMeetOverTls();
    }

    @Test
    void aSiteAndAHubMeetOverTlsWithAToken() throws Exception {
        Path truststore = startTlsServer("authorization { token: $NATS_TOKEN }\n", Map.of("NATS_TOKEN", "tok-42x"));
        Map<String, String> trust = trust(truststore);
        site = TestServer.start(
                tmp, c -> with(c, trust).with("site.name", "home").with("nats.token", "tok-42x"));
        hub = startHub(trust, Map.of("nats.token", "tok-42x"));

        assertMeetOverTls();
    }

    /** Both ends are connected over tls:// and the hub lists the site's vehicles. */
    private void assertMeetOverTls() throws Exception {
        JsonNode status = null;
        for (int i = 0; i < 100; i++) {
            status = get(hub, "/api/status").path("nats");
            if (status.path("sites").size() == 1) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("connected", status.path("state").asText(), status.toString());
        assertTrue(status.path("server").asText().startsWith("tls://"), status.toString());
        assertEquals("home", status.path("sites").path(0).asText(), status.toString());
        JsonNode siteStatus = get(site.teledrive(), "/api/status").path("nats");
        assertEquals("connected", siteStatus.path("state").asText());
        assertTrue(siteStatus.path("server").asText().startsWith("tls://"), siteStatus.toString());
        JsonNode vehicles = get(hub, "/api/vehicles");
        assertTrue(vehicles.toString().contains("\"simulator@home\""), vehicles.toString());
    }

    private static MapConfiguration with(MapConfiguration c, Map<String, String> more) {
        MapConfiguration all = c;
        for (var e : more.entrySet()) {
            all = all.with(e.getKey(), e.getValue());
        }
        return all;
    }

    private String url() {
        return nats.nodes().get(0).url().replaceFirst("^nats://", "tls://");
    }

    private Map<String, String> trust(Path truststore) {
        return Map.of(
                "nats.url", url(),
                "nats.tls.truststore", truststore.toString(),
                "nats.tls.truststorePassword", TestKeystore.PASSWORD);
    }

    private Teledrive startHub(Map<String, String> trust, Map<String, String> login) throws Exception {
        var config = new HashMap<>(trust);
        config.putAll(login);
        config.put("port", "0");
        return Teledrive.builder(new MapConfiguration(config)).hub().start();
    }

    /**
     * Starts nats-server with TLS on a certificate for 127.0.0.1 that keytool makes, and returns a
     * trust store holding only that certificate.
     */
    private Path startTlsServer(String authorization, Map<String, String> env) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("nats"));
        Path keystore = TestKeystore.create(dir);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, TestKeystore.PASSWORD.toCharArray());
        }
        Certificate certificate = store.getCertificate("teledrive");
        PrivateKey key = (PrivateKey) store.getKey("teledrive", TestKeystore.PASSWORD.toCharArray());
        Path cert = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        nats = NatsServers.single(
                dir, "tls {\n  cert_file: \"" + cert + "\"\n  key_file: \"" + keyFile + "\"\n}\n" + authorization, env);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("nats", certificate);
        Path truststore = dir.resolve("nats-trust.p12");
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trusted.store(out, TestKeystore.PASSWORD.toCharArray());
        }
        return truststore;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static JsonNode get(Teledrive server, String path) throws Exception {
        return JSON.readTree(HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString())
                .body());
    }
}
