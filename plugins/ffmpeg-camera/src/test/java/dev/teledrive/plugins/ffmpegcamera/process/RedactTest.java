package dev.teledrive.plugins.ffmpegcamera.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactTest {

    @Test
    void hidesUrlPasswordsAndNothingElse() {
        assertEquals(
                "rtsp://admin:***@192.168.1.60:554/stream1: Connection refused",
                Redact.passwords("rtsp://admin:s3cr:et@192.168.1.60:554/stream1: Connection refused"));
        assertEquals(
                "[-i, http://u:***@phone:8080/video, -i, rtsp://cam:554/x]",
                Redact.passwords("[-i, http://u:pw@phone:8080/video, -i, rtsp://cam:554/x]"));
        assertEquals("rtsp://:***@cam/x", Redact.passwords("rtsp://:pw@cam/x"));
        assertEquals(
                "-f lavfi -i testsrc2=size=640x480:rate=30",
                Redact.passwords("-f lavfi -i testsrc2=size=640x480:rate=30"));
        assertEquals("http://phone:8080/video", Redact.passwords("http://phone:8080/video"));
    }
}
