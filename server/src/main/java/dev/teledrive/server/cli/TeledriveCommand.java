package dev.teledrive.server.cli;

import dev.teledrive.api.PluginApi;
import dev.teledrive.server.Teledrive;
import dev.teledrive.server.bus.BusSettings;
import dev.teledrive.server.config.ConfigFile;
import dev.teledrive.server.config.ConfigKeys;
import dev.teledrive.server.config.ConfigurationException;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.config.LayeredConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code teledrive} command: options become the strongest configuration layer, then the
 * launcher takes over. Options left out leave the environment, the file and the defaults to speak.
 */
@Command(
        name = "teledrive",
        mixinStandardHelpOptions = true,
        versionProvider = TeledriveCommand.Version.class,
        sortOptions = false,
        description =
                "Drive a machine from a web browser: serves the page, the REST API and the WebSocket on one port.",
        footer = {
            "",
            "Every configuration key can also be set as an environment variable: TELEDRIVE_",
            "and the key in upper snake case (limits.messagesPerSecond is",
            "TELEDRIVE_LIMITS_MESSAGES_PER_SECOND), or in the configuration file. The",
            "command line wins over the environment, which wins over the file.",
            "conf/teledrive.properties lists every key with its default."
        })
public final class TeledriveCommand implements Callable<Integer> {

    private static final String HUB = "hub";

    /** What the command runs. */
    public enum Mode {
        /** A server with its plugins and vehicles (and a site, with {@code --site}). */
        SERVER,
        /** A hub ({@code teledrive hub --nats URL}): no plugins, every site's vehicles. */
        HUB
    }

    /** Takes the merged configuration and runs Teledrive on it. */
    @FunctionalInterface
    public interface Launcher {
        /** Runs until the server stops; returns the exit code. */
        int launch(LayeredConfiguration configuration, Mode mode) throws Exception;
    }

    /** Runs a plugin's subcommand, such as {@code scan}, instead of the server. */
    @FunctionalInterface
    public interface ToolRunner {
        /** Runs the named tool with its arguments; returns the exit code. */
        int run(LayeredConfiguration configuration, String name, List<String> arguments) throws Exception;
    }

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port for the page, API and WebSocket; 0 picks a free one (default: 8000).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1).")
    String bind;

    @Option(
            names = "--plugins",
            paramLabel = "DIR",
            description = "Folder of plugin jars (default: the distribution's plugins/).")
    Path plugins;

    @Option(names = "--vehicle", paramLabel = "ID", description = "Vehicle selected at start (default: simulator).")
    String vehicle;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Configuration file (default: the distribution's conf/teledrive.properties).")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any configuration key, plugin keys included; repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(
            names = "--legacy-port",
            paramLabel = "PORT",
            description = "Also serve ws://HOST:PORT/ for the 2012 car.html (off by default).")
    Integer legacyPort;

    @Option(
            names = "--tls-keystore",
            paramLabel = "FILE",
            description =
                    "Serve https and wss with this PKCS12 keystore; its password comes from TELEDRIVE_TLS_PASSWORD.")
    Path tlsKeystore;

    @Option(
            names = "--behind-proxy",
            description = "Trust Forwarded / X-Forwarded-* headers from a reverse proxy in front of Teledrive.")
    boolean behindProxy;

    @Option(
            names = "--insecure-public",
            description = "Allow listening beyond loopback without a driver token (anyone may drive).")
    boolean insecurePublic;

    @Option(
            names = "--site",
            paramLabel = "NAME",
            description = "Also serve this machine's vehicles to hubs as the site NAME (a-z, 0-9, -), through --nats.")
    String site;

    @Option(
            names = "--nats",
            paramLabel = "URL[,URL...]",
            description = "The NATS servers a site dials out to: nats://HOST:4222 or tls://HOST:4222.")
    String nats;

    @Parameters(
            paramLabel = "COMMAND",
            arity = "0..*",
            description = {
                "A command to run instead of the server, with its own arguments after it:",
                "  new-plugin NAME [DIR]  write a vehicle plugin project wired to this",
                "                         distribution's plugin kit (new-plugin --help)",
                "  hub                    serve every site's vehicles from NATS:",
                "                         teledrive hub --nats URL [options]",
                "  scan                   find nearby i-Racer cars and the iracer.url to set",
                "                         (the i-Racer plugin)"
            })
    List<String> command = new ArrayList<>();

    private final Launcher launcher;
    private final ToolRunner tools;
    private final Map<String, String> environment;
    private final Path home;

    /**
     * @param launcher    what runs the server
     * @param tools       what runs a plugin's subcommand
     * @param environment the process environment
     * @param home        the installation folder ({@code teledrive.home}), or {@code null} when run from a build
     */
    public TeledriveCommand(Launcher launcher, ToolRunner tools, Map<String, String> environment, Path home) {
        this.launcher = launcher;
        this.tools = tools;
        this.environment = environment;
        this.home = home;
    }

    @Override
    public Integer call() throws Exception {
        LayeredConfiguration configuration = configuration();
        HostSettings.from(configuration); // every bad value is reported before anything starts
        BusSettings.siteName(configuration);
        BusSettings.from(configuration);
        if (!command.isEmpty() && HUB.equals(command.get(0))) {
            return hub(List.copyOf(command.subList(1, command.size())));
        }
        if (!command.isEmpty()) {
            return tools.run(configuration, command.get(0), List.copyOf(command.subList(1, command.size())));
        }
        return launcher.launch(configuration, Mode.SERVER);
    }

    /** {@code teledrive hub ...}: the same options after the word, for a hub. */
    private int hub(List<String> arguments) throws Exception {
        var hub = new TeledriveCommand(launcher, tools, environment, home);
        try {
            new picocli.CommandLine(hub).parseArgs(arguments.toArray(String[]::new));
        } catch (picocli.CommandLine.ParameterException e) {
            throw new ConfigurationException(e.getMessage() + " (teledrive hub --help lists the options)");
        }
        if (!hub.command.isEmpty() || hub.site != null) {
            throw new ConfigurationException("a hub runs no plugins and is no site: drop "
                    + (hub.site != null ? "--site" : String.join(" ", hub.command)));
        }
        LayeredConfiguration configuration = hub.configuration();
        HostSettings.from(configuration);
        if (BusSettings.from(configuration).isEmpty()) {
            throw new ConfigurationException("a hub serves the sites of one NATS: give --nats nats://HOST:4222");
        }
        return launcher.launch(configuration, Mode.HUB);
    }

    /** The layers in their order: these options, the environment, the file, the defaults. */
    LayeredConfiguration configuration() {
        Map<String, String> options = new HashMap<>(set);
        put(options, ConfigKeys.PORT.name(), port);
        put(options, ConfigKeys.BIND.name(), bind);
        put(options, ConfigKeys.PLUGINS.name(), plugins);
        put(options, ConfigKeys.VEHICLE.name(), vehicle);
        put(options, ConfigKeys.LEGACY_PORT.name(), legacyPort);
        put(options, ConfigKeys.TLS_KEYSTORE.name(), tlsKeystore);
        put(options, ConfigKeys.SITE_NAME.name(), site);
        put(options, ConfigKeys.NATS_URL.name(), nats);
        if (behindProxy) {
            options.put(ConfigKeys.BEHIND_PROXY.name(), "true");
        }
        if (insecurePublic) {
            options.put(ConfigKeys.INSECURE_PUBLIC.name(), "true");
        }
        return LayeredConfiguration.builder()
                .commandLine(options)
                .environment(environment)
                .file(configFile())
                .defaults(Map.of(
                        ConfigKeys.PLUGINS.name(),
                        (home == null ? Path.of("plugins") : home.resolve("plugins")).toString()))
                .build();
    }

    private Properties configFile() {
        if (config != null) {
            return ConfigFile.load(config);
        }
        if (home != null) {
            Path installed = home.resolve("conf").resolve("teledrive.properties");
            if (Files.isRegularFile(installed)) {
                return ConfigFile.load(installed);
            }
        }
        return new Properties();
    }

    private static void put(Map<String, String> options, String key, Object value) {
        if (value != null) {
            options.put(key, value.toString());
        }
    }

    /** {@code --version}: the build and the plugin API it offers. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Teledrive " + Teledrive.version() + " (plugin API " + PluginApi.VERSION + ")"};
        }
    }
}
