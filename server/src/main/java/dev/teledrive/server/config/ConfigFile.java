package dev.teledrive.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/** Reads a configuration file: Java properties in UTF-8. */
public final class ConfigFile {

    private ConfigFile() {}

    /**
     * Loads the file.
     *
     * @throws ConfigurationException naming the file and what to do when it is missing or unreadable
     */
    public static Properties load(Path path) {
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(
                    "configuration file " + path + " does not exist: create it (conf/teledrive.properties"
                            + " documents every key) or leave out --config");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("configuration file " + path + " cannot be read: " + e.getMessage());
        }
        return properties;
    }
}
