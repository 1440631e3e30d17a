package dev.teledrive.server.bus;

import dev.teledrive.api.Configuration;
import dev.teledrive.server.config.ConfigKeys;
import dev.teledrive.server.config.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How this process reaches NATS, and as whom: the servers ({@code nats.url}) and one way to log in
 * (a credentials file, a user and password, or a token), each checked before anything starts.
 *
 * @param servers     the NATS URLs, {@code nats://} or {@code tls://}
 * @param login       how to log in, if the NATS server asks
 * @param trust       a trust store for a {@code tls://} server the JVM's own does not know (self-signed)
 */
public record BusSettings(List<URI> servers, Login login, Optional<Trust> trust) {

    /**
     * A trust store for the NATS servers' certificates; {@code toString} never shows the password.
     *
     * @param file     a PKCS12 or JKS file
     * @param password its password
     */
    public record Trust(Path file, String password) {
        @Override
        public String toString() {
            return "Trust[file=" + file + "]";
        }
    }

    /** One way to log in to NATS; {@code toString} never shows a secret. */
    public sealed interface Login {
        /** No login: a NATS server without authorization, on a laptop. */
        record None() implements Login {}

        /** A credentials file (JWT and NKey seed), as {@code nsc} writes. */
        record Credentials(Path file) implements Login {}

        /**
         * A user's nkey seed alone, in a file (see {@link NkeySeedFile}).
         *
         * @param publicKey the key the NATS server's {@code authorization} must list for this user
         */
        record Nkey(Path file, String publicKey) implements Login {}

        /** A user and password from the NATS server's {@code authorization} block. */
        record UserPassword(String user, String password) implements Login {
            @Override
            public String toString() {
                return "UserPassword[user=" + user + "]";
            }
        }

        /** A token. */
        record Token(String token) implements Login {
            @Override
            public String toString() {
                return "Token[...]";
            }
        }
    }

    /**
     * The NATS settings, or empty when {@code nats.url} is unset: then the server is a plain one, as
     * before sites and hubs.
     *
     * @throws ConfigurationException naming the key and the user's next step
     */
    public static Optional<BusSettings> from(Configuration c) {
        Optional<String> urls = value(c, ConfigKeys.NATS_URL);
        if (urls.isEmpty()) {
            return Optional.empty();
        }
        List<URI> servers = Arrays.stream(urls.get().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(BusSettings::server)
                .toList();
        if (servers.isEmpty()) {
            throw new ConfigurationException("nats.url (--nats) names no server: give nats://HOST:4222");
        }
        return Optional.of(new BusSettings(servers, login(c), trust(c)));
    }

    /** The site name ({@code site.name}, {@code --site}), checked, or empty for a plain server. */
    public static Optional<String> siteName(Configuration c) {
        Optional<String> name = value(c, ConfigKeys.SITE_NAME);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (!Subjects.validName(name.get())) {
            throw new ConfigurationException("the site name '" + name.get()
                    + "' (site.name, --site) must be 1 to 32 of a-z, 0-9 and -, such as home or garage-2");
        }
        if (value(c, ConfigKeys.NATS_URL).isEmpty()) {
            throw new ConfigurationException(
                    "a site dials out to NATS: give its address with --nats nats://HOST:4222 (key nats.url)");
        }
        return name;
    }

    private static URI server(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (!"nats".equals(scheme) && !"tls".equals(scheme) || uri.getHost() == null) {
                throw new URISyntaxException(text, "not a nats:// or tls:// URL with a host");
            }
            if (uri.getUserInfo() != null) {
                throw new ConfigurationException("nats.url (--nats) '" + uri.getHost()
                        + "' carries a user or password, which every local user can read on a command line: "
                        + "set nats.user and TELEDRIVE_NATS_PASSWORD (or nats.credentials) instead");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException(
                    "nats.url (--nats) '" + text
                            + "' is not a NATS address: give nats://HOST:4222 or tls://HOST:4222, comma-separated for a cluster");
        }
    }

    private static Optional<Trust> trust(Configuration c) {
        Optional<String> store = value(c, ConfigKeys.NATS_TLS_TRUSTSTORE);
        Optional<String> password = value(c, ConfigKeys.NATS_TLS_TRUSTSTORE_PASSWORD);
        if (store.isEmpty()) {
            if (password.isPresent()) {
                throw new ConfigurationException(
                        "nats.tls.truststorePassword is set but nats.tls.truststore is not: set both, or neither");
            }
            return Optional.empty();
        }
        Path file = Path.of(store.get());
        if (!Files.isReadable(file)) {
            throw new ConfigurationException("the NATS trust store " + file
                    + " (nats.tls.truststore) cannot be read: give a PKCS12 file with the NATS server's certificate");
        }
        return Optional.of(new Trust(
                file,
                password.orElseThrow(() -> new ConfigurationException("the NATS trust store " + file
                        + " needs its password: set TELEDRIVE_NATS_TLS_TRUSTSTORE_PASSWORD"
                        + " (key nats.tls.truststorePassword)"))));
    }

    private static Login login(Configuration c) {
        Optional<String> credentials = value(c, ConfigKeys.NATS_CREDENTIALS);
        Optional<String> user = value(c, ConfigKeys.NATS_USER);
        Optional<String> password = value(c, ConfigKeys.NATS_PASSWORD);
        Optional<String> token = value(c, ConfigKeys.NATS_TOKEN);
        int ways = (credentials.isPresent() ? 1 : 0) + (user.isPresent() ? 1 : 0) + (token.isPresent() ? 1 : 0);
        if (ways > 1) {
            throw new ConfigurationException(
                    "give one NATS login: nats.credentials, or nats.user with nats.password, or nats.token");
        }
        if (credentials.isPresent()) {
            Path file = Path.of(credentials.get());
            if (!Files.isReadable(file)) {
                throw new ConfigurationException("the NATS credentials file " + file
                        + " (nats.credentials) cannot be read: give the .creds file nsc wrote for this site, or a file with its"
                        + " nkey seed");
            }
            // nsc's .creds holds a JWT; without one the file is a bare nkey seed, checked now: jnats
            // would otherwise retry a login it cannot even make for ever.
            if (!readable(file).contains("BEGIN NATS USER JWT")) {
                return new Login.Nkey(file, NkeySeedFile.publicKey(file));
            }
            return new Login.Credentials(file);
        }
        if (user.isPresent()) {
            return new Login.UserPassword(
                    user.get(),
                    password.orElseThrow(() -> new ConfigurationException("the NATS user " + user.get()
                            + " needs its password: set TELEDRIVE_NATS_PASSWORD (key nats.password)")));
        }
        if (password.isPresent()) {
            throw new ConfigurationException("nats.password is set but nats.user is not: set both");
        }
        return token.<Login>map(Login.Token::new).orElseGet(Login.None::new);
    }

    private static String readable(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new ConfigurationException("the NATS credentials file " + file
                    + " (nats.credentials) cannot be read (" + e.getMessage()
                    + "): give the .creds file nsc wrote for this site, or a file with its nkey seed");
        }
    }

    private static Optional<String> value(Configuration c, dev.teledrive.server.config.ConfigKey key) {
        return c.get(key.name()).map(String::trim).filter(s -> !s.isEmpty());
    }
}
