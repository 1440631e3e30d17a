package dev.teledrive.plugins.iracer.link;

import java.io.IOException;
import javax.microedition.io.StreamConnection;

/**
 * BlueCove's {@code Connector.open}, behind an interface: the one seam where tests stand in for
 * the radio.
 */
@FunctionalInterface
public interface StreamConnector {

    /** Opens an RFCOMM stream connection to a {@code btspp://} URL. */
    StreamConnection open(String url) throws IOException;

    /** The real thing: BlueCove, once BlueZ's library is known to be there. */
    static StreamConnector blueCove() {
        return url -> {
            BlueZCheck.require();
            return (StreamConnection) javax.microedition.io.Connector.open(url, javax.microedition.io.Connector.WRITE);
        };
    }
}
