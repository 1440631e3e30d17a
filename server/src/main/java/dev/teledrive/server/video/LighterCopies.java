package dev.teledrive.server.video;

import dev.teledrive.api.VideoFrame;
import dev.teledrive.server.threads.DaemonThreads;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The lighter copies of one camera's JPEG frames for its viewers on slow links, made on a thread of
 * their own at a low priority so that the camera's other viewers never wait for them: reducing a
 * frame costs several milliseconds. Latest wins here too: when reducing falls behind, the newest
 * frame is reduced next and older ones are skipped. No thread while nobody is on a slow link.
 */
final class LighterCopies implements AutoCloseable {

    private record Numbered(long seq, VideoFrame frame) {}

    private final String cameraId;
    private final Consumer<WireFrame> viewers;
    private final JpegReducer reducer = new JpegReducer();
    private final AtomicReference<Numbered> next = new AtomicReference<>();
    private final ThreadPoolExecutor thread;

    /**
     * @param cameraId the camera the copies are of
     * @param viewers  takes each lighter copy, on this class's thread, for the viewers on slow links
     */
    LighterCopies(String cameraId, Consumer<WireFrame> viewers) {
        this.cameraId = cameraId;
        this.viewers = viewers;
        this.thread = new ThreadPoolExecutor(
                0,
                1,
                10,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                DaemonThreads.background("camera-" + cameraId + "-lighter"));
    }

    /** Takes frame number {@code seq}; its lighter copy, if it is still the newest, follows soon. */
    void offer(long seq, VideoFrame frame) {
        if (next.getAndSet(new Numbered(seq, frame)) == null) {
            try {
                thread.execute(this::reduceNewest);
            } catch (RejectedExecutionException e) {
                next.set(null); // closed with its camera
            }
        }
    }

    private void reduceNewest() {
        Numbered newest = next.getAndSet(null);
        if (newest != null) {
            // The same frame, smaller: same number, same capture time. A frame that cannot be
            // reduced goes as it is.
            VideoFrame copy = reducer.reduce(newest.frame()).orElse(newest.frame());
            viewers.accept(WireFrame.of(cameraId, newest.seq(), copy));
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        reducer.close();
    }
}
