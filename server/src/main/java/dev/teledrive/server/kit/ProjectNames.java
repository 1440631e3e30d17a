package dev.teledrive.server.kit;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.SourceVersion;

/**
 * The names a new plugin project is written under, all derived from its id unless the author
 * chose them.
 *
 * @param id          the plugin id, the Maven artifactId and the vehicle id, such as {@code pan-tilt}
 * @param displayName what people see, such as {@code Pan Tilt}
 * @param classPrefix the start of its class names, such as {@code PanTilt}
 * @param packageName its Java package, such as {@code com.example.pantilt}
 * @param groupId     its Maven groupId, such as {@code com.example}
 */
public record ProjectNames(String id, String displayName, String classPrefix, String packageName, String groupId) {

    /** What PF4J and the server accept as a plugin and vehicle id, and Maven as an artifactId. */
    private static final Pattern ID = Pattern.compile("[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?");

    /**
     * The names for this id, with the package and groupId given or derived.
     *
     * @param id          the plugin id
     * @param packageName the Java package, or {@code null} for {@code com.example.} and the id without dashes
     * @param groupId     the Maven groupId, or {@code null} for the package's parent (the package itself when it
     *                    has one segment)
     * @throws IllegalArgumentException naming what is wrong and what would do
     */
    public static ProjectNames of(String id, String packageName, String groupId) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' cannot be a plugin id: use 1 to 32 lower case letters,"
                    + " digits and dashes, starting with a letter, such as pan-tilt");
        }
        String[] words = id.split("-+");
        String pkg = packageName != null ? packageName : "com.example." + String.join("", words);
        if (!SourceVersion.isName(pkg) || !pkg.equals(pkg.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + pkg + "' cannot be the package: use lower case Java names"
                    + " separated by dots, such as com.example.pantilt (--package)");
        }
        String group = groupId != null ? groupId : pkg.contains(".") ? pkg.substring(0, pkg.lastIndexOf('.')) : pkg;
        if (!group.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("'" + group + "' cannot be a Maven groupId: use letters, digits, dots,"
                    + " dashes and underscores, such as com.example (--group-id)");
        }
        String display = Arrays.stream(words).map(ProjectNames::capitalized).collect(Collectors.joining(" "));
        return new ProjectNames(id, display, display.replace(" ", ""), pkg, group);
    }

    private static String capitalized(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
