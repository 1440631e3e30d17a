package dev.teledrive.server.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * Writes a new plugin project from the distribution's kit: the kit's template (the tank, a working
 * plugin with its Maven wrapper and a test) under the author's names, wherever the author wants it,
 * with {@code .mvn/maven.config} naming the kit's repository by its absolute path, so the project
 * builds wherever it is moved as long as this distribution stays where it is.
 */
public final class PluginProject {

    /** The template's own names, which the author's replace. */
    private static final String TEMPLATE_PACKAGE = "com.example.tank";

    private static final String TEMPLATE_GROUP = "com.example.teledrive";

    /** Text files whose names the renaming reads; the rest (the wrapper) is copied as it is. */
    private static final List<String> RENAMED = List.of(".java", "pom.xml");

    private final Path kit;

    /** @param kit the distribution's {@code kit/} folder, with {@code template/} and {@code repository/} */
    public PluginProject(Path kit) {
        this.kit = kit;
    }

    /**
     * Writes the project into {@code target}, which must not exist or be empty.
     *
     * @return the project's folder, absolute
     * @throws IllegalArgumentException when {@code target} holds something, or the kit is not there
     */
    public Path write(ProjectNames names, Path target) throws IOException {
        Path template = kit.resolve("template");
        Path repository = kit.resolve("repository");
        if (!Files.isRegularFile(template.resolve("pom.xml")) || !Files.isDirectory(repository)) {
            throw new IllegalArgumentException("the plugin kit is not at " + kit + ": new-plugin needs the kit/ folder"
                    + " of an unpacked distribution (run the distribution's bin/teledrive)");
        }
        Path project = target.toAbsolutePath().normalize();
        if (Files.exists(project) && !isEmptyFolder(project)) {
            throw new IllegalArgumentException(project + " is not empty: name a new folder (the second argument)");
        }
        try (Stream<Path> tree = Files.walk(template)) {
            for (Path source : tree.filter(Files::isRegularFile).toList()) {
                String relative = template.relativize(source).toString().replace('\\', '/');
                if (relative.startsWith("target/") || relative.equals(".mvn/maven.config")) {
                    continue; // a build of the template, and the kit's relative link to itself
                }
                Path destination = project.resolve(renamedPath(relative, names));
                Files.createDirectories(destination.getParent());
                if (RENAMED.stream().anyMatch(relative::endsWith)) {
                    Files.writeString(destination, renamed(Files.readString(source), names));
                } else {
                    Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.createDirectories(project.resolve(".mvn"));
        Files.writeString(
                project.resolve(".mvn/maven.config"),
                "-Dmaven.repo.local.tail=" + repository.toRealPath() + "\n",
                StandardCharsets.UTF_8);
        return project;
    }

    private static boolean isEmptyFolder(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String renamedPath(String relative, ProjectNames names) {
        String path = relative.replace(
                TEMPLATE_PACKAGE.replace('.', '/') + "/", names.packageName().replace('.', '/') + "/");
        return path.replaceAll("/Tank(?=[A-Z][A-Za-z]*\\.java$)", "/" + Matcher.quoteReplacement(names.classPrefix()));
    }

    /** The template's text under the author's names. */
    static String renamed(String text, ProjectNames names) {
        return text.replace(TEMPLATE_PACKAGE, names.packageName())
                .replace(TEMPLATE_GROUP, names.groupId())
                .replace("<artifactId>tank</artifactId>", "<artifactId>" + names.id() + "</artifactId>")
                .replace("<name>Tank</name>", "<name>" + names.displayName() + "</name>")
                .replaceAll(
                        "<description>[^<]*</description>",
                        "<description>" + Matcher.quoteReplacement(names.displayName())
                                + ": a Teledrive vehicle plugin.</description>")
                .replaceAll(
                        "<plugin.description>[^<]*</plugin.description>",
                        "<plugin.description>" + Matcher.quoteReplacement(names.displayName())
                                + "</plugin.description>")
                .replace("\"Tank\"", "\"" + names.displayName() + "\"")
                .replace("\"tank", "\"" + names.id())
                .replaceAll("Tank(?=[A-Z])", Matcher.quoteReplacement(names.classPrefix()));
    }
}
