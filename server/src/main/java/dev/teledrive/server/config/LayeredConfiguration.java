package dev.teledrive.server.config;

import dev.teledrive.api.Configuration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The merged configuration: the command line over {@code TELEDRIVE_*} environment variables over
 * the configuration file over the defaults of {@link ConfigKeys}.
 *
 * <p>An environment variable names a key in upper snake case: {@code TELEDRIVE_LIMITS_MESSAGES_PER_SECOND}
 * sets {@code limits.messagesPerSecond}, and {@code TELEDRIVE_IRACER_RED_URL} sets a plugin's
 * {@code iracer.red.url}. Both sides are compared in a normal form (lower case, letters and digits
 * only), so keys the host has never heard of work too.
 */
public final class LayeredConfiguration implements Configuration {

    /** The prefix that marks an environment variable as Teledrive's. */
    public static final String ENV_PREFIX = "TELEDRIVE_";

    /** Where a value came from, for messages that tell the user what to fix. */
    public enum Source {
        COMMAND_LINE("the command line"),
        ENVIRONMENT("the environment"),
        FILE("the configuration file"),
        DEFAULT("the defaults");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Map<String, String> commandLine;
    private final Map<String, String> environment; // by normal form
    private final Map<String, String> file;
    private final Map<String, String> defaults;

    private LayeredConfiguration(Builder b) {
        this.commandLine = Map.copyOf(b.commandLine);
        Map<String, String> env = new HashMap<>();
        b.environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                env.put(normal(name.substring(ENV_PREFIX.length())), value);
            }
        });
        this.environment = Map.copyOf(env);
        this.file = Map.copyOf(b.file);
        Map<String, String> defaults = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            if (key.defaultValue() != null) {
                defaults.put(key.name(), key.defaultValue());
            }
        }
        defaults.putAll(b.defaults);
        this.defaults = Map.copyOf(defaults);
    }

    /** Starts an empty configuration: defaults only. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<String> get(String key) {
        return find(key).map(Value::text);
    }

    /** Which layer gives the key its value, if any does. */
    public Optional<Source> source(String key) {
        return find(key).map(Value::source);
    }

    /**
     * Every key with a value. Keys from the environment appear in their normal form (lower case,
     * letters and digits only) unless another layer names the same key in full.
     */
    @Override
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        keys.addAll(commandLine.keySet());
        keys.addAll(file.keySet());
        keys.addAll(defaults.keySet());
        Set<String> named = new java.util.HashSet<>();
        keys.forEach(k -> named.add(normal(k)));
        environment.keySet().stream().filter(k -> !named.contains(k)).forEach(keys::add);
        return keys;
    }

    private Optional<Value> find(String key) {
        String value = commandLine.get(key);
        if (value != null) {
            return Optional.of(new Value(value, Source.COMMAND_LINE));
        }
        value = environment.get(normal(key));
        if (value != null) {
            return Optional.of(new Value(value, Source.ENVIRONMENT));
        }
        value = file.get(key);
        if (value != null) {
            return Optional.of(new Value(value, Source.FILE));
        }
        value = defaults.get(key);
        return value == null ? Optional.empty() : Optional.of(new Value(value, Source.DEFAULT));
    }

    /** The form keys and variable names are compared in: lower case letters and digits. */
    static String normal(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    private record Value(String text, Source source) {}

    /** Collects the layers. */
    public static final class Builder {
        private final Map<String, String> commandLine = new HashMap<>();
        private final Map<String, String> environment = new HashMap<>();
        private final Map<String, String> file = new HashMap<>();
        private final Map<String, String> defaults = new HashMap<>();

        private Builder() {}

        /** Values from the command line, the strongest layer. */
        public Builder commandLine(Map<String, String> values) {
            commandLine.putAll(values);
            return this;
        }

        /** The process environment; only {@code TELEDRIVE_*} variables count. */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** The configuration file's properties. */
        public Builder file(Properties properties) {
            properties
                    .stringPropertyNames()
                    .forEach(k -> file.put(k.trim(), properties.getProperty(k).trim()));
            return this;
        }

        /** Defaults beyond {@link ConfigKeys}, such as where this installation keeps its plugins. */
        public Builder defaults(Map<String, String> values) {
            defaults.putAll(values);
            return this;
        }

        public LayeredConfiguration build() {
            return new LayeredConfiguration(this);
        }
    }
}
