package dev.teledrive.plugins.iracer.link;

import java.io.IOException;
import java.io.OutputStream;

/** A {@link Link} over an output stream, closing whatever the stream came from with it. */
final class StreamLink implements Link {

    private final OutputStream out;
    private final AutoCloseable owner;

    StreamLink(OutputStream out, AutoCloseable owner) {
        this.out = out;
        this.owner = owner;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        out.flush();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // already broken: nothing more to release
        }
        try {
            owner.close();
        } catch (Exception e) {
            // same
        }
    }
}
