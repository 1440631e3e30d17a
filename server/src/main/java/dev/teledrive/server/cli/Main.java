package dev.teledrive.server.cli;

import dev.teledrive.server.Teledrive;
import dev.teledrive.server.config.ConfigurationException;
import dev.teledrive.server.config.LayeredConfiguration;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import sun.misc.Signal;

/** The entry point: parses the command line, starts Teledrive, and stops it cleanly on a signal. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** Exit code for a bad command line or configuration, as picocli uses for usage errors. */
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns the exit code. */
    static int run(String[] args) {
        String home = System.getProperty("teledrive.home");
        var command = new TeledriveCommand(Main::serve, PluginTools::run, System.getenv(), home == null ? null : Path.of(home));
        return new CommandLine(command)
                .setStopAtPositional(true) // everything after a subcommand's name is its own
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("teledrive: " + explain(e));
                    return e instanceof ConfigurationException ? USAGE : 1;
                })
                .execute(args);
    }

    /** Starts the server, prints the ready line, and waits until a signal stops it. */
    private static int serve(LayeredConfiguration configuration) throws Exception {
        Teledrive teledrive = Teledrive.start(configuration);
        var stopped = new CountDownLatch(1);
        Runnable shutdown = () -> {
            teledrive.close();
            stopped.countDown();
        };
        // Handled explicitly so SIGTERM and Ctrl-C end with exit code 0 after a clean stop, not 143/130.
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    shutdown.run();
                    System.exit(0);
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("signal {} cannot be handled here", name);
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(teledrive::close, "teledrive-shutdown"));
        System.out.println("Teledrive ready at " + teledrive.uri());
        System.out.flush();
        ClassArchive.writeIfAsked();
        stopped.await();
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
                    + "): the port is in use or the address is not this machine's; choose another with --port or --bind";
        }
        if (e instanceof ConfigurationException || e instanceof IOException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return e.toString();
    }
}
