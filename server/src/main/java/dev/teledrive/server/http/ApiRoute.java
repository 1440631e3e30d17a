package dev.teledrive.server.http;

/** One REST resource: the value written as JSON, with or without file system paths. */
@FunctionalInterface
public interface ApiRoute {

    /**
     * @param showPaths whether the reader is the owner, who may see where files are
     * @return the value to write
     */
    Object read(boolean showPaths);

    /** A resource that holds no paths. */
    static ApiRoute of(java.util.function.Supplier<Object> value) {
        return showPaths -> value.get();
    }
}
