package dev.teledrive.server.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatroskaJpegWriterTest {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void eachPictureIsFlushedAsItIsWritten() throws IOException {
        var sent = new ByteArrayOutputStream();
        var writer = new MatroskaJpegWriter(sent);
        byte[] jpeg = TestJpegs.pictures(1).get(0);

        writer.write(jpeg, 0, 640, 480);
        int first = sent.size();
        writer.write(jpeg, 33, 640, 480);

        assertTrue(first > jpeg.length, "the header and the first picture");
        // a cluster (id, size) of its time (id, size, 33) and one block (id, size, track, time, flags)
        assertEquals(first + 4 + 8 + (1 + 8 + 1) + (1 + 8 + 4 + jpeg.length), sent.size());
    }

    @Test
    void ffprobeReadsThePicturesWithTheirTimes() throws Exception {
        Path file = dir.resolve("pictures.mkv");
        try (OutputStream out = Files.newOutputStream(file)) {
            var writer = new MatroskaJpegWriter(out);
            List<VideoFrame> frames = TestJpegs.frames(3, START);
            writer.write(frames.get(0).data(), 0, 640, 480);
            writer.write(frames.get(1).data(), 40, 640, 480);
            writer.write(frames.get(2).data(), 1500, 640, 480);
        }

        Process probe = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "stream=codec_name,width,height:packet=pts",
                        "-of",
                        "csv=p=0",
                        file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String answer = new String(probe.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS));

        assertEquals(List.of("0", "40", "1500", "mjpeg,640,480"), answer.lines().toList());
    }
}
