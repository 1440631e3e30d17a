package dev.teledrive.server.cli;

import dev.teledrive.server.Teledrive;
import dev.teledrive.server.config.ConfigurationException;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.config.LayeredConfiguration;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** The entry point: parses the command line, starts Teledrive, and stops it cleanly on a signal. */
public final class Main {

    /** Exit code for a bad command line or configuration, as picocli uses for usage errors. */
    static final int USAGE = 2;

    private Main() {}

    public static void main(String[] args) {
        int code = run(args);
        ClassArchive.discardClassList(); // a serving run ends in its shutdown hook: this one never got ready
        System.exit(code);
    }

    /** Runs the command and returns the exit code. */
    static int run(String[] args) {
        String home = System.getProperty("teledrive.home");
        Path installation = home == null ? null : Path.of(home);
        var command = new TeledriveCommand(
                Main::serve,
                (configuration, name, arguments) -> subcommand(configuration, name, arguments, installation),
                System.getenv(),
                installation);
        return new CommandLine(command)
                .setStopAtPositional(true) // everything after a subcommand's name is its own
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("teledrive: " + explain(e));
                    return e instanceof ConfigurationException ? USAGE : 1;
                })
                .execute(args);
    }

    /** A subcommand: {@code new-plugin}, or one a plugin contributes. */
    private static int subcommand(
            LayeredConfiguration configuration, String name, List<String> arguments, Path installation) {
        if (!name.equals("new-plugin")) {
            return PluginTools.run(configuration, name, arguments);
        }
        var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        var err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        if (installation == null) {
            err.println("teledrive new-plugin: it writes a project wired to a distribution's plugin kit: run the"
                    + " bin/teledrive of an unpacked distribution");
            return USAGE;
        }
        Path plugins = HostSettings.from(configuration).pluginsDir();
        return NewPluginCommand.run(installation.resolve("kit"), plugins, arguments, out, err);
    }

    /** Starts the server, prints the ready line, and waits until a signal stops it. */
    private static int serve(LayeredConfiguration configuration, TeledriveCommand.Mode mode) throws Exception {
        var builder = Teledrive.builder(configuration);
        Teledrive teledrive = (mode == TeledriveCommand.Mode.HUB ? builder.hub() : builder).start();
        // SIGTERM and Ctrl-C run the shutdown hooks: stop every vehicle and the server, then end with
        // exit code 0, as after any clean stop, rather than the 143 or 130 of a killed process.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            teledrive.close();
                            Runtime.getRuntime().halt(0);
                        },
                        "teledrive-shutdown"));
        System.out.println("Teledrive ready at " + teledrive.uri());
        System.out.flush();
        ClassArchive.writeIfAsked();
        teledrive.join();
        return 0;
    }

    /** One line for people: what went wrong and what to do. */
    static String explain(Exception e) {
        Throwable bind = e;
        while (bind != null && !(bind instanceof BindException)) {
            bind = bind.getCause();
        }
        if (bind != null) {
            return "cannot listen: " + e.getMessage() + " (" + bind.getMessage()
                    + "): the port is in use or the address is not this machine's; choose another with "
                    + "--port or --bind";
        }
        if (e instanceof ConfigurationException || e instanceof IOException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return e.toString();
    }
}
