package dev.teledrive.plugins.iracer.link;

import java.io.IOException;

/** An open byte link to a car: a Bluetooth socket, a device file or a TCP bridge. */
public interface Link extends AutoCloseable {

    /** Writes one command byte and flushes it to the car. */
    void write(int b) throws IOException;

    /** Closes the link; never throws. */
    @Override
    void close();
}
