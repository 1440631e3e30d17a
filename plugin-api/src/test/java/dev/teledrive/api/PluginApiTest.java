package dev.teledrive.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PluginApiTest {

    @Test
    void versionConstantMatchesTheBuildsApiVersion() throws IOException {
        var expected = new Properties();
        try (var in = getClass().getResourceAsStream("/expected-api.properties")) {
            expected.load(in);
        }
        assertEquals(
                expected.getProperty("api.version"),
                PluginApi.VERSION,
                "PluginApi.VERSION and the parent pom's teledrive.api.version must move together");
    }
}
