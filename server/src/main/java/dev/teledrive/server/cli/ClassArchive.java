package dev.teledrive.server.cli;

import dev.teledrive.server.threads.DaemonThreads;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the class data sharing archive that bin/teledrive asks for (system property
 * {@value #PROPERTY}), once the server is ready: later starts map it and are ready in about half
 * the time. Written while running, through the JVM's own {@code VM.cds dynamic_dump} command,
 * rather than at exit: an archive written at exit held up every stop of a first run by seconds.
 * It appears under its name only when complete, so a start never maps half an archive.
 *
 * <p>A dump on request leaves out classes that were loaded but never linked (at exit the JVM
 * links them first): about a fifth of what a start needs. So the run also lists the classes it
 * loads ({@code -XX:DumpLoadedClassList}, property {@value #CLASS_LIST}), and each is linked,
 * without running its initializer, by asking for its declared constructors before the dump.
 */
final class ClassArchive {

    static final String PROPERTY = "teledrive.classArchive";
    static final String CLASS_LIST = "teledrive.classList";
    private static final Logger LOG = LoggerFactory.getLogger(ClassArchive.class);

    private ClassArchive() {}

    /** Starts writing the archive in the background if bin/teledrive asked for one. */
    static void writeIfAsked() {
        String target = System.getProperty(PROPERTY);
        if (target == null || target.isBlank()) {
            return;
        }
        DaemonThreads.named("class-archive")
                .newThread(() -> write(Path.of(target)))
                .start();
    }

    /**
     * Deletes the class list of a run that ends without writing the archive (one that failed
     * before it was ready): such a run loaded too few classes to be worth recording.
     */
    static void discardClassList() {
        String classList = System.getProperty(CLASS_LIST);
        if (classList != null) {
            try {
                Files.deleteIfExists(Path.of(classList));
            } catch (IOException e) {
                LOG.debug("could not delete the class list {}", classList, e);
            }
        }
    }

    /** Links every class the list names, so the dump keeps it; a class that cannot be linked is left out. */
    private static void linkLoadedClasses(Path classList) throws IOException {
        ClassLoader app = ClassLoader.getSystemClassLoader();
        try (var lines = Files.lines(classList)) {
            lines.filter(line -> !line.isEmpty() && line.charAt(0) != '#' && line.charAt(0) != '@')
                    .map(line -> line.split(" ", 2)[0].replace('/', '.'))
                    .forEach(name -> {
                        try {
                            Class.forName(name, false, app).getDeclaredConstructors(); // links, does not initialize
                        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                            // not visible from here, or not linkable: the archive goes without it
                        }
                    });
        } finally {
            Files.deleteIfExists(classList);
        }
    }

    private static void write(Path target) {
        Path partial = target.resolveSibling(
                target.getFileName() + "." + ProcessHandle.current().pid());
        try {
            String classList = System.getProperty(CLASS_LIST);
            if (classList != null) {
                linkLoadedClasses(Path.of(classList));
            }
            ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "vmCds",
                            new Object[] {new String[] {"dynamic_dump", partial.toString()}},
                            new String[] {String[].class.getName()});
            if (Files.isRegularFile(partial)) {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.debug("class archive written to {}", target);
            }
        } catch (Exception e) {
            LOG.debug("could not write the class archive {}", target, e);
            try {
                Files.deleteIfExists(partial);
            } catch (Exception ignored) {
                // bin/teledrive removes what a run left behind
            }
        }
    }
}
