package dev.teledrive.server.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project new-plugin writes from a kit's template; PluginKitIT builds and drives a real one. */
class PluginProjectTest {

    @TempDir
    Path tmp;

    @Test
    void theTemplateIsWrittenUnderTheAuthorsNamesAndFindsTheKitByItsAbsolutePath() throws Exception {
        Path kit = kit();
        Path project = new PluginProject(kit)
                .write(ProjectNames.of("pan-tilt", "com.acme.turrets", null), tmp.resolve("work/pan-tilt"));

        String provider = Files.readString(project.resolve("src/main/java/com/acme/turrets/PanTiltProvider.java"));
        assertEquals(
                "package com.acme.turrets;\n"
                        + "public final class PanTiltProvider {\n"
                        + "    String id() { return \"pan-tilt\"; }\n"
                        + "    String name() { return \"Pan Tilt\"; }\n"
                        + "    int rounds(Configuration c) { return c.getInt(\"pan-tilt.rounds\", 20); }\n"
                        + "    Object open() { return new PanTiltVehicle(); } // a tank, as the example\n"
                        + "}\n",
                provider);
        String pom = Files.readString(project.resolve("pom.xml"));
        assertTrue(
                pom.contains("<groupId>com.acme</groupId>\n  <artifactId>pan-tilt</artifactId>")
                        && pom.contains("<name>Pan Tilt</name>")
                        && pom.contains("<description>Pan Tilt: a Teledrive vehicle plugin.</description>")
                        && pom.contains("<plugin.description>Pan Tilt</plugin.description>"),
                pom);
        assertEquals(
                "-Dmaven.repo.local.tail=" + kit.resolve("repository").toRealPath() + "\n",
                Files.readString(project.resolve(".mvn/maven.config")));
        assertTrue(Files.isExecutable(project.resolve("mvnw")));
        assertFalse(Files.exists(project.resolve("target")), "the template's own build stays behind");
    }

    @Test
    void aFolderThatHoldsSomethingIsLeftAlone() throws Exception {
        Path taken = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(taken.resolve("notes.txt"), "mine");
        var error = assertThrows(
                IllegalArgumentException.class,
                () -> new PluginProject(kit()).write(ProjectNames.of("turret", null, null), taken));
        assertEquals(taken + " is not empty: name a new folder (the second argument)", error.getMessage());
        assertEquals("mine", Files.readString(taken.resolve("notes.txt")));
    }

    @Test
    void namesAreDerivedFromTheIdAndBadOnesSayWhatWouldDo() {
        assertEquals(
                new ProjectNames("pan-tilt", "Pan Tilt", "PanTilt", "com.example.pantilt", "com.example"),
                ProjectNames.of("pan-tilt", null, null));
        assertEquals(
                "'Pan_Tilt' cannot be a plugin id: use 1 to 32 lower case letters, digits and dashes, starting"
                        + " with a letter, such as pan-tilt",
                assertThrows(IllegalArgumentException.class, () -> ProjectNames.of("Pan_Tilt", null, null))
                        .getMessage());
        assertEquals(
                "'com.example.class' cannot be the package: use lower case Java names separated by dots, such as"
                        + " com.example.pantilt (--package)",
                assertThrows(IllegalArgumentException.class, () -> ProjectNames.of("turret", "com.example.class", null))
                        .getMessage());
    }

    /** A kit whose template has the tank's names where the real one has them. */
    private Path kit() throws Exception {
        Path kit = tmp.resolve("kit");
        Path template = Files.createDirectories(kit.resolve("template/src/main/java/com/example/tank"));
        Files.createDirectories(kit.resolve("repository"));
        Files.writeString(
                template.resolve("TankProvider.java"),
                "package com.example.tank;\n"
                        + "public final class TankProvider {\n"
                        + "    String id() { return \"tank\"; }\n"
                        + "    String name() { return \"Tank\"; }\n"
                        + "    int rounds(Configuration c) { return c.getInt(\"tank.rounds\", 20); }\n"
                        + "    Object open() { return new TankVehicle(); } // a tank, as the example\n"
                        + "}\n");
        Path root = kit.resolve("template");
        Files.writeString(
                root.resolve("pom.xml"),
                "<project>\n  <groupId>com.example.teledrive</groupId>\n  <artifactId>tank</artifactId>\n"
                        + "  <name>Tank</name>\n  <description>An example: a tank.</description>\n"
                        + "  <properties><plugin.description>A tank (an example).</plugin.description></properties>\n"
                        + "</project>\n");
        Path mvnw = Files.writeString(root.resolve("mvnw"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(root.resolve(".mvn"));
        Files.writeString(root.resolve(".mvn/maven.config"), "-Dmaven.repo.local.tail=../repository\n");
        Files.createDirectories(root.resolve("target"));
        Files.writeString(root.resolve("target/tank-0.1.0-SNAPSHOT.jar"), "built");
        return kit;
    }
}
