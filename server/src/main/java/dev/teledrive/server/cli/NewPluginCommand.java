package dev.teledrive.server.cli;

import dev.teledrive.api.PluginApi;
import dev.teledrive.server.kit.PluginProject;
import dev.teledrive.server.kit.ProjectNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/teledrive new-plugin NAME [DIR]}: a new plugin project wired to this distribution's
 * kit, under the author's names. A command of the distribution rather than a Maven archetype,
 * because it runs with nothing but the Java that runs Teledrive, offline, and knows where its kit
 * is; the project it writes carries the kit's Maven wrapper.
 */
@Command(
        name = "new-plugin",
        mixinStandardHelpOptions = true,
        description = {
            "Write a new vehicle plugin project, wired to this distribution's plugin kit: the kit's",
            "example (a tank) under your names, with its Maven wrapper and a passing test."
        })
final class NewPluginCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "The plugin id, also its artifactId and vehicle id: lower case letters, digits and dashes.")
    String name;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "DIR",
            description = "Where to write it: a new or empty folder (default: NAME in the current folder).")
    Path dir;

    @Option(
            names = "--package",
            paramLabel = "PACKAGE",
            description = "Its Java package (default: com.example. and NAME without dashes).")
    String packageName;

    @Option(
            names = "--group-id",
            paramLabel = "GROUP",
            description = "Its Maven groupId (default: the package less its last name).")
    String groupId;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Path kit;
    private final Path plugins;

    /**
     * @param kit     the distribution's {@code kit/} folder
     * @param plugins the plugins folder a built jar goes into, for the next steps printed
     */
    NewPluginCommand(Path kit, Path plugins) {
        this.kit = kit;
        this.plugins = plugins;
    }

    /** Runs the command on its arguments, printing to these writers; returns the exit code. */
    static int run(Path kit, Path plugins, List<String> arguments, PrintWriter out, PrintWriter err) {
        return new CommandLine(new NewPluginCommand(kit, plugins))
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("teledrive new-plugin: " + Main.explain(e));
                    return e instanceof IllegalArgumentException ? Main.USAGE : 1;
                })
                .execute(arguments.toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        ProjectNames names = ProjectNames.of(name, packageName, groupId);
        Path project = new PluginProject(kit).write(names, dir != null ? dir : Path.of(name));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "Wrote the plugin '%s' (package %s, plugin API %s) in %s.%n"
                        + "Build it (the first build fetches Maven and its plugins; later ones work offline with -o):%n"
                        + "  cd %s && ./mvnw -B package%n"
                        + "Then drop it into a running Teledrive:%n"
                        + "  cp target/%s-0.1.0-SNAPSHOT.jar %s%n",
                names.id(),
                names.packageName(),
                PluginApi.VERSION,
                project,
                project,
                names.id(),
                plugins.toAbsolutePath().normalize());
        out.flush();
        return 0;
    }
}
