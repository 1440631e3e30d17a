package dev.teledrive.server.plugins;

import org.pf4j.Plugin;

/** A plugin whose start fails, packed into a jar by {@link PluginLoadingIT}. */
public class GrumpyPlugin extends Plugin {

    @Override
    public void start() {
        throw new IllegalStateException("grumpy refuses to start");
    }
}
