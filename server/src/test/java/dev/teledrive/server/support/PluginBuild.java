package dev.teledrive.server.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a plugin jar from Java source as an author's build would: javac against the plugin API
 * with PF4J's annotation processor writing {@code META-INF/extensions.idx}, then a jar with the
 * manifest the kit's parent writes. Tests change one thing to make an author's mistake.
 */
public final class PluginBuild {

    private final String id;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();

    private PluginBuild(String id) {
        this.id = id;
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Version", "0.1.0");
        manifest.put("Plugin-Requires", ">=1.3.0 & <2.0.0");
    }

    /** A plugin with this id, version 0.1.0, requiring {@code >=1.3.0 & <2.0.0}. */
    public static PluginBuild of(String id) {
        return new PluginBuild(id);
    }

    /** Adds a class, by its fully qualified name. */
    public PluginBuild source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** Sets a manifest entry, or removes it when {@code value} is {@code null}. */
    public PluginBuild manifest(String entry, String value) {
        if (value == null) {
            manifest.remove(entry);
        } else {
            manifest.put(entry, value);
        }
        return this;
    }

    /** Compiles the sources in {@code work} and writes the jar to {@code jar}; fails on a compile error. */
    public Path jar(Path work, Path jar) throws IOException {
        Path src = Files.createDirectories(work.resolve(id + "-src"));
        Path classes = Files.createDirectories(work.resolve(id + "-classes"));
        List<String> args = new ArrayList<>(List.of(
                "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path"),
                "-processor", "org.pf4j.processor.ExtensionAnnotationProcessor"));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var errors = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, errors, errors, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("the test plugin " + id + " did not compile:\n" + errors);
        }
        var mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach(main::putValue);
        try (OutputStream file = Files.newOutputStream(jar);
                var out = new JarOutputStream(file, mf);
                Stream<Path> tree = Files.walk(classes)) {
            for (Path f : tree.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
