package dev.teledrive.server.video;

import dev.teledrive.api.CameraException;
import dev.teledrive.api.FrameSink;
import dev.teledrive.server.threads.DaemonThreads;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts {@link FfmpegH264Encoder}s, each with an ffmpeg process of its own (Debian's ffmpeg 5.1,
 * whose libx264 makes the H.264). Public so that {@code main} can choose the executable; the
 * encoders it makes stay inside this package.
 */
public final class FfmpegH264EncoderFactory implements H264Encoder.Factory {

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegH264EncoderFactory.class);

    /**
     * A key frame is the first picture at least this long after the last forced one, by capture
     * time: below a second by more than a frame at 20 fps, so that key frames come at most a second
     * apart whenever the camera sends at least 20 pictures a second.
     */
    static final double KEY_INTERVAL_SECONDS = 0.95;

    private final String executable;

    /** A factory running {@code ffmpeg} from the {@code PATH}. */
    public FfmpegH264EncoderFactory() {
        this("ffmpeg");
    }

    /** A factory running this ffmpeg: a path, or a name looked up on the {@code PATH}. */
    public FfmpegH264EncoderFactory(String executable) {
        this.executable = executable;
    }

    @Override
    public H264Encoder start(String cameraId, FrameSink out, Consumer<String> failed) throws CameraException {
        Process process;
        try {
            process = new ProcessBuilder(command()).start();
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("error=2,")) {
                throw new CameraException("ffmpeg is not installed (no program \"" + executable
                        + "\" found): install Debian's ffmpeg package (sudo apt install ffmpeg)"
                        + " to watch H.264; JPEG still works");
            }
            throw new CameraException(
                    "cannot start ffmpeg (\"" + executable + "\"): " + e.getMessage()
                            + "; check that it is Debian's ffmpeg package (sudo apt install ffmpeg)"
                            + " to watch H.264; JPEG still works",
                    e);
        }
        LOG.info("H.264 encoder of camera {} started: ffmpeg pid {}", cameraId, process.pid());
        return new FfmpegH264Encoder(cameraId, process, out, failed, DaemonThreads.background("h264-" + cameraId));
    }

    /** ffmpeg's command line: Matroska of JPEGs in, FLV of H.264 out, each picture as soon as it can. */
    List<String> command() {
        return List.of(
                executable,
                "-hide_banner",
                "-nostats",
                "-loglevel",
                "error",
                // Start on the first picture: the track header names the codec and size, and the
                // first picture gives the pixel format; waiting for more would hold it back. (Not
                // -fflags nobuffer: that throws away the pictures read to find all this.)
                "-probesize",
                "32",
                "-analyzeduration",
                "0",
                "-f",
                "matroska",
                "-i",
                "pipe:0",
                "-map",
                "0:v:0",
                "-an",
                // Every picture once, with its capture time: no frame dropped or doubled to meet a rate.
                "-fps_mode",
                "passthrough",
                "-enc_time_base",
                "-1",
                "-c:v",
                "libx264",
                // One thread: at 30 fps of 640x480 on two busy cores (load 8) a picture took 2.6-3.1 ms
                // at the median and 15-28 ms at p99, with ffmpeg at 7-9 % of a core; zerolatency's
                // sliced threads took 3.4 ms and 51-66 ms, at 10-11 %. (FfmpegH264EncoderLatencyTest)
                "-threads",
                "1",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency", // no look-ahead, no frame threads: each picture comes out before the next goes in
                "-profile:v",
                "baseline", // Constrained Baseline: every browser's WebCodecs decodes it; no B-frames
                // x264 picks the level by the frame rate, which it would take for 1000 fps from the
                // millisecond times (level 5.2); 30 fps gives 640x480 level 3.0: avc1.42C01E.
                "-x264-params",
                "fps=30",
                "-bf",
                "0",
                "-pix_fmt",
                "yuv420p",
                "-force_key_frames",
                "expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+" + KEY_INTERVAL_SECONDS + "))",
                "-flush_packets",
                "1",
                "-flvflags",
                "no_duration_filesize",
                "-f",
                "flv",
                "pipe:1");
    }
}
