package dev.teledrive.server.video;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.api.CameraException;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.api.VideoFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoder with Debian's real ffmpeg. */
class FfmpegH264EncoderTest {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");

    private final BlockingQueue<VideoFrame> out = new LinkedBlockingQueue<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private H264Encoder encoder;

    @TempDir
    Path dir;

    @AfterEach
    void closeEncoder() {
        if (encoder != null) {
            encoder.close();
        }
    }

    private FfmpegH264Encoder start() throws CameraException {
        encoder = new FfmpegH264EncoderFactory().start("cam1", out::add, failures::add);
        return (FfmpegH264Encoder) encoder;
    }

    /** Feeds each picture once the last has come back, as a camera slower than ffmpeg would. */
    private List<VideoFrame> encodePaced(List<VideoFrame> jpegs) throws InterruptedException {
        List<VideoFrame> units = new ArrayList<>();
        for (VideoFrame jpeg : jpegs) {
            encoder.encode(jpeg);
            VideoFrame unit = out.poll(20, TimeUnit.SECONDS);
            assertNotNull(unit, "no access unit for the picture captured at " + jpeg.captured() + ": " + failures);
            units.add(unit);
        }
        return units;
    }

    @Test
    void everyPictureComesBackOnceInOrderAsAnAccessUnitWithItsCaptureTime() throws Exception {
        start();
        List<VideoFrame> jpegs = TestJpegs.frames(60, START);

        List<VideoFrame> units = encodePaced(jpegs);

        for (int i = 0; i < jpegs.size(); i++) {
            VideoFrame unit = units.get(i);
            assertEquals(VideoCodec.H264, unit.codec());
            assertEquals(jpegs.get(i).captured(), unit.captured(), "frame " + i);
            assertEquals(TestJpegs.WIDTH, unit.width());
            assertEquals(TestJpegs.HEIGHT, unit.height());
            assertTrue(startsWithStartCode(unit.data()), "frame " + i + " is not in Annex B form");
            assertEquals(nalTypes(unit.data()).contains(5), unit.key(), "frame " + i + ": key means IDR");
        }
        assertTrue(out.isEmpty(), "more access units than pictures");
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void theFirstAccessUnitIsAKeyFrameWithItsParameterSetsAndKeyFramesRecurWithinASecond() throws Exception {
        start();
        List<VideoFrame> units = encodePaced(TestJpegs.frames(60, START));

        VideoFrame first = units.get(0);
        assertTrue(first.key());
        assertTrue(
                nalTypes(first.data()).containsAll(Set.of(7, 8, 5)),
                nalTypes(first.data()).toString());
        assertEquals("42C01E", spsProfileAndLevel(first.data()), "Constrained Baseline, level 3.0");

        Instant lastKey = first.captured();
        int keys = 0;
        for (VideoFrame unit : units) {
            if (unit.key()) {
                keys++;
                assertTrue(nalTypes(unit.data()).containsAll(Set.of(7, 8, 5)), "every key frame carries SPS and PPS");
                lastKey = unit.captured();
            }
            assertTrue(
                    Duration.between(lastKey, unit.captured()).compareTo(Duration.ofSeconds(1)) < 0,
                    "a key frame at most a second of capture time before " + unit.captured());
        }
        // 60 pictures span 1.97 s: key frames at 0 s, about 0.97 s and about 1.93 s
        assertEquals(3, keys);
    }

    @Test
    void ffmpegDecodesEveryAccessUnitFromTheFirstAndFromALaterKeyFrame() throws Exception {
        start();
        List<VideoFrame> units = encodePaced(TestJpegs.frames(60, START));

        assertEquals(60, decodedFrames(write(units, 0)));
        int laterKey = 1;
        while (!units.get(laterKey).key()) {
            laterKey++;
        }
        assertEquals(60 - laterKey, decodedFrames(write(units, laterKey)));
    }

    @Test
    void aPictureFfmpegCannotDecodeIsSkippedAndTheNextKeepTheirCaptureTimes() throws Exception {
        FfmpegH264Encoder encoder = start();
        List<VideoFrame> jpegs = TestJpegs.frames(6, START);
        byte[] whole = jpegs.get(2).data();
        byte[] cut = Arrays.copyOf(whole, 200); // a JPEG cut off in transit
        VideoFrame broken = VideoFrame.jpeg(cut, jpegs.get(2).captured(), TestJpegs.WIDTH, TestJpegs.HEIGHT);

        List<VideoFrame> units = new ArrayList<>(encodePaced(jpegs.subList(0, 2)));
        encoder.encode(broken);
        units.addAll(encodePaced(jpegs.subList(3, 6)));

        assertEquals(
                List.of(0, 1, 3, 4, 5).stream()
                        .map(i -> jpegs.get(i).captured())
                        .toList(),
                units.stream().map(VideoFrame::captured).toList());
        assertEquals(1, encoder.dropped());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void twoPicturesFfmpegSkipsDoNotKeepOutTheNextForGood() throws Exception {
        FfmpegH264Encoder encoder = start();
        List<VideoFrame> jpegs = TestJpegs.frames(2, START);
        encodePaced(jpegs.subList(0, 1));
        byte[] cut = Arrays.copyOf(jpegs.get(1).data(), 200);
        encoder.encode(VideoFrame.jpeg(cut, START.plusMillis(33), TestJpegs.WIDTH, TestJpegs.HEIGHT));
        encoder.encode(VideoFrame.jpeg(cut, START.plusMillis(67), TestJpegs.WIDTH, TestJpegs.HEIGHT));

        // a camera goes on sending; after a while ffmpeg takes pictures again
        var captured = new ArrayList<Instant>();
        byte[] good = jpegs.get(1).data();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(33))
                .until(() -> {
                    Instant t = START.plusMillis(100 + 33L * captured.size());
                    captured.add(t);
                    encoder.encode(VideoFrame.jpeg(good, t, TestJpegs.WIDTH, TestJpegs.HEIGHT));
                    return !out.isEmpty();
                });

        VideoFrame unit = out.take();
        assertTrue(captured.contains(unit.captured()), "the access unit of a picture sent after the skipped ones");
        assertTrue(encoder.dropped() >= 2);
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void aCameraThatChangesItsSizeKeepsTheFirstSizeInH264() throws Exception {
        start();
        List<VideoFrame> jpegs = new ArrayList<>(TestJpegs.frames(2, START));
        jpegs.add(VideoFrame.jpeg(TestJpegs.picture(2, 320, 240), START.plusMillis(67), 320, 240));
        jpegs.add(VideoFrame.jpeg(TestJpegs.picture(3, 320, 240), START.plusMillis(100), 320, 240));

        List<VideoFrame> units = encodePaced(jpegs);

        for (VideoFrame unit : units) {
            assertEquals(TestJpegs.WIDTH, unit.width(), "ffmpeg scales to the size it started with");
            assertEquals(TestJpegs.HEIGHT, unit.height());
        }
        assertEquals(4, decodedFrames(write(units, 0)));
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void encodeNeverWaitsAndDropsPicturesWhileTwoAreInsideFfmpeg() throws Exception {
        FfmpegH264Encoder encoder = start();
        List<VideoFrame> jpegs = TestJpegs.frames(30, START);

        for (VideoFrame jpeg : jpegs) {
            encoder.encode(jpeg); // as fast as the loop goes: most find ffmpeg busy
        }

        long kept = jpegs.size() - encoder.dropped();
        assertTrue(kept >= 1 && kept < jpegs.size(), "kept " + kept);
        List<VideoFrame> units = new ArrayList<>();
        while (units.size() < kept) {
            VideoFrame unit = out.poll(20, TimeUnit.SECONDS);
            assertNotNull(unit, "only " + units.size() + " of " + kept + " access units");
            units.add(unit);
        }
        // the access units keep the capture times of the pictures kept, in order
        List<Instant> captured = jpegs.stream().map(VideoFrame::captured).toList();
        int at = -1;
        for (VideoFrame unit : units) {
            int next = captured.indexOf(unit.captured());
            assertTrue(next > at, "out of order: " + unit.captured());
            at = next;
        }
        assertTrue(units.get(0).key());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void closeLeavesNoFfmpegBehindAndIsIdempotent() throws Exception {
        start();
        encodePaced(TestJpegs.frames(3, START));
        assertFalse(ffmpegChildren().isEmpty());

        encoder.close();

        assertEquals(List.of(), ffmpegChildren());
        encoder.close();
        assertTrue(failures.isEmpty(), "closing is no failure: " + failures);
    }

    @Test
    void ffmpegKilledFromOutsideIsReportedOnce() throws Exception {
        FfmpegH264Encoder encoder = start();
        encodePaced(TestJpegs.frames(2, START));

        encoder.process().destroyForcibly();

        await().atMost(Duration.ofSeconds(20)).until(() -> !failures.isEmpty());
        encoder.encode(TestJpegs.frames(1, START.plusSeconds(1)).get(0)); // dropped, not a second failure
        encoder.close();
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("ffmpeg stopped encoding camera cam1 to H.264"), failures.get(0));
        assertEquals(List.of(), ffmpegChildren());
    }

    @Test
    void ffmpegThatRefusesToStartIsReportedWithItsLastLine() throws Exception {
        Path fake = dir.resolve("ffmpeg");
        Files.writeString(fake, "#!/bin/sh\necho 'Unknown encoder libx264' >&2\nexit 1\n");
        assertTrue(fake.toFile().setExecutable(true));
        encoder = new FfmpegH264EncoderFactory(fake.toString()).start("cam1", out::add, failures::add);

        await().atMost(Duration.ofSeconds(20)).until(() -> !failures.isEmpty());
        assertEquals(
                "ffmpeg stopped encoding camera cam1 to H.264 (exit code 1): \"Unknown encoder libx264\"",
                failures.get(0));
    }

    @Test
    void aMissingFfmpegSaysHowToInstallIt() {
        var factory = new FfmpegH264EncoderFactory(dir.resolve("no-such-ffmpeg").toString());

        CameraException e = assertThrows(CameraException.class, () -> factory.start("cam1", out::add, failures::add));

        assertTrue(e.getMessage().startsWith("ffmpeg is not installed"), e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("install Debian's ffmpeg package (sudo apt install ffmpeg) to watch H.264;"
                                + " JPEG still works"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private Path write(List<VideoFrame> units, int from) throws IOException {
        Path file = dir.resolve("from-" + from + ".h264");
        try (OutputStream o = Files.newOutputStream(file)) {
            for (VideoFrame unit : units.subList(from, units.size())) {
                o.write(unit.data());
            }
        }
        return file;
    }

    private static int decodedFrames(Path h264) throws Exception {
        Process probe = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-f",
                        "h264",
                        "-count_frames",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=nb_read_frames",
                        "-of",
                        "csv=p=0",
                        h264.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String answer = new String(probe.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, probe.exitValue());
        return Integer.parseInt(answer);
    }

    private static List<ProcessHandle> ffmpegChildren() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").contains("ffmpeg"))
                .toList();
    }

    static boolean startsWithStartCode(byte[] b) {
        return b.length > 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 1;
    }

    /** The types of the NAL units in an Annex B access unit. */
    static Set<Integer> nalTypes(byte[] b) {
        Set<Integer> types = new HashSet<>();
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                types.add(b[i + 3] & 0x1F);
            }
        }
        return types;
    }

    /** The SPS's profile, constraint flags and level, in hex as in a WebCodecs codec string avc1.PPCCLL. */
    private static String spsProfileAndLevel(byte[] b) {
        for (int i = 0; i + 6 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && (b[i + 3] & 0x1F) == 7) {
                return String.format("%02X%02X%02X", b[i + 4], b[i + 5], b[i + 6]);
            }
        }
        return "no SPS";
    }
}
