package dev.teledrive.plugins.simulator;

import dev.teledrive.plugins.simulator.camera.ChaseView;
import dev.teledrive.plugins.simulator.camera.JpegEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One camera frame's work, split: drawing the chase view, and encoding it to JPEG. The scene has
 * three cars, one ahead of the camera's car and one off to the side, in the default 4 m by 3 m
 * arena. {@code encode} also reports the JPEG's size, as the counter {@code jpegBytes}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CameraBenchmark {

    @Param({"640x480"})
    public String size;

    @Param({"75"})
    public int quality;

    /** The picture's layout for {@code encode}: the view draws 3-byte BGR; INT_RGB is for comparison. */
    @Param({"3BYTE_BGR", "INT_RGB"})
    public String layout;

    private ChaseView view;
    private JpegEncoder encoder;
    private BufferedImage picture;
    private long now;

    /** The JPEG's size per frame, reported beside the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Size {
        public long jpegBytes;
        public long frames;

        /** Clears the counts between iterations. */
        @Setup(Level.Iteration)
        public void clear() {
            jpegBytes = 0;
            frames = 0;
        }

        /** The mean size, which JMH cannot divide for us. */
        public double bytesPerFrame() {
            return frames == 0 ? 0 : (double) jpegBytes / frames;
        }
    }

    @Setup
    public void setUp() {
        String[] wh = size.split("x");
        var arena = new Arena(SimulatorSettings.DEFAULTS, List.of("simulator-a", "simulator-b", "simulator-c"));
        now = 1_000_000;
        arena.publish(new CarPose("simulator-a", 1.0, 0.8, Math.PI / 3, 0.8, now));
        arena.publish(new CarPose("simulator-b", 1.6, 1.9, 0.4, 0.5, now));
        arena.publish(new CarPose("simulator-c", 2.6, 1.2, 2.5, 0, now));
        view = new ChaseView(arena, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        encoder = new JpegEncoder(quality);
        BufferedImage drawn = view.render("simulator-a", now);
        if (layout.equals("INT_RGB")) {
            picture = new BufferedImage(drawn.getWidth(), drawn.getHeight(), BufferedImage.TYPE_INT_RGB);
            picture.createGraphics().drawImage(drawn, 0, 0, null);
        } else {
            picture = drawn;
        }
    }

    @TearDown
    public void tearDown() {
        view.close();
        encoder.close();
    }

    /** Drawing one frame: background, floor and grid, walls, three cars. */
    @Benchmark
    public BufferedImage render() {
        return view.render("simulator-a", now);
    }

    /** Encoding one drawn frame to JPEG. */
    @Benchmark
    public byte[] encode(Size counted) throws IOException {
        byte[] jpeg = encoder.encode(picture);
        counted.jpegBytes += jpeg.length;
        counted.frames++;
        return jpeg;
    }

    /** A whole frame as the camera's thread makes it. */
    @Benchmark
    public byte[] frame() throws IOException {
        return encoder.encode(view.render("simulator-a", now));
    }
}
