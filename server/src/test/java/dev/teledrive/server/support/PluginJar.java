package dev.teledrive.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Packs a test class into a real PF4J plugin jar, for a test server's or a running distribution's plugins folder. */
public final class PluginJar {

    private PluginJar() {}

    /**
     * A plugin jar with one class and its inner classes, listed as its only extension; its classes
     * come from this test's own compiled output, as a plugin's would from its build.
     */
    public static Path write(Path target, String id, Class<?> extension) throws IOException {
        var manifest = new Manifest();
        Attributes a = manifest.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Plugin-Id", id);
        a.putValue("Plugin-Version", "1.0.0");
        String name = extension.getName();
        String simple = extension.getSimpleName();
        String dir = name.substring(0, name.lastIndexOf('.')).replace('.', '/');
        Path classes = Path.of(extension
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .resolve(dir);
        try (OutputStream file = Files.newOutputStream(target);
                var out = new JarOutputStream(file, manifest);
                Stream<Path> own = Files.list(classes)) {
            out.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (Path cls : own.filter(p -> p.getFileName().toString().equals(simple + ".class")
                            || p.getFileName().toString().startsWith(simple + "$"))
                    .toList()) {
                out.putNextEntry(new JarEntry(dir + "/" + cls.getFileName()));
                try (InputStream in = Files.newInputStream(cls)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return target;
    }
}
