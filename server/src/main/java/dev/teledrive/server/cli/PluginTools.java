package dev.teledrive.server.cli;

import dev.teledrive.api.Configuration;
import dev.teledrive.api.ToolContext;
import dev.teledrive.api.ToolProvider;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.config.LayeredConfiguration;
import dev.teledrive.server.plugins.PluginHost;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a subcommand that a plugin contributes ({@code bin/teledrive scan}) instead of the server. */
final class PluginTools {

    private PluginTools() {}

    static int run(LayeredConfiguration configuration, String name, List<String> arguments) {
        var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        var err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return run(configuration, name, arguments, out, err);
    }

    static int run(
            LayeredConfiguration configuration, String name, List<String> arguments, PrintWriter out, PrintWriter err) {
        HostSettings settings = HostSettings.from(configuration);
        try (PluginHost plugins = PluginHost.load(settings.pluginsDir())) {
            List<ToolProvider> tools = plugins.tools();
            for (ToolProvider tool : tools) {
                if (tool.name().equals(name)) {
                    return tool.run(arguments, new Context(configuration, out, err));
                }
            }
            err.println("teledrive: there is no command '" + name + "'"
                    + (tools.isEmpty()
                            ? "; no plugin in " + settings.pluginsDir() + " offers one"
                            : "; the plugins offer: "
                                    + String.join(
                                            ", ",
                                            tools.stream()
                                                    .map(t -> t.name() + " (" + t.description() + ")")
                                                    .toList())));
            return Main.USAGE;
        }
    }

    private record Context(Configuration configuration, PrintWriter out, PrintWriter err) implements ToolContext {}
}
