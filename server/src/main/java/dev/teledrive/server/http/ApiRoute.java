package dev.teledrive.server.http;

/** One REST resource: the value written as JSON, with or without file system paths. */
@FunctionalInterface
public interface ApiRoute {

    /**
     * @param showPaths whether the reader is the owner, who may see where files are
     * @return the value to write
     */
    Object read(boolean showPaths);

    /**
     * Thrown by a route that makes no sense on this server, such as the plugins of a hub (which
     * loads none): answered 404 with the message, which says where to look instead.
     */
    final class NotHere extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotHere(String message) {
            super(message, null, false, false);
        }
    }

    /** A resource that holds no paths. */
    static ApiRoute of(java.util.function.Supplier<Object> value) {
        return showPaths -> value.get();
    }
}
