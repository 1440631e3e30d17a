package dev.teledrive.api;

/** Facts about this plugin API that the host and plugins agree on. */
public final class PluginApi {

    /**
     * The semantic version of this API. The host checks each plugin's {@code Plugin-Requires}
     * range against it: a minor bump adds, a major bump breaks.
     */
    public static final String VERSION = "1.4.0";

    private PluginApi() {}
}
