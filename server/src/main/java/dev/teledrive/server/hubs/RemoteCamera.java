package dev.teledrive.server.hubs;

import dev.teledrive.api.Camera;
import dev.teledrive.api.CameraContext;
import dev.teledrive.api.VideoCodec;
import dev.teledrive.server.bus.Bus;
import dev.teledrive.server.bus.BusMessageException;
import dev.teledrive.server.bus.FrameMessage;
import dev.teledrive.server.bus.Subjects;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * A camera of a site, as a hub's viewers watch it: demanding a codec subscribes to the site's frames
 * of it ({@code td.site.SITE.video.CAMERA.CODEC}) and leases them ({@link HubWatches}); the frames go
 * to the hub's own viewers through the same machinery as a local camera's. The site encodes both
 * codecs, so the hub never encodes: it says it makes both.
 *
 * <p>An H.264 stream that has a gap (a message NATS dropped, or a stream that began before this hub
 * listened) waits for the next key frame, which carries the decoder's configuration: what follows a
 * gap cannot be decoded without it.
 */
final class RemoteCamera implements Camera {

    private final String site;
    private final String camera;
    private final Bus bus;
    private final HubWatches watches;
    private final CameraContext context;
    private final BadMessages bad;
    private final Map<VideoCodec, Dispatcher> subscribed = new EnumMap<>(VideoCodec.class);

    /**
     * @param camera the camera's id at its site
     * @param bad    counts and logs malformed frames
     */
    RemoteCamera(String site, String camera, Bus bus, HubWatches watches, CameraContext context, BadMessages bad) {
        this.site = site;
        this.camera = camera;
        this.bus = bus;
        this.watches = watches;
        this.context = context;
        this.bad = bad;
    }

    @Override
    public Set<VideoCodec> codecs() {
        return Set.of(VideoCodec.JPEG, VideoCodec.H264);
    }

    @Override
    public void demand(Set<VideoCodec> codecs) {
        for (VideoCodec codec : VideoCodec.values()) {
            boolean wanted = codecs.contains(codec);
            if (wanted && !subscribed.containsKey(codec)) {
                // Listen first, then ask: the first frame the lease brings is not missed.
                subscribed.put(codec, bus.subscribe(subject(codec), new Stream(codec)::take));
                watches.watch(site, camera, codec.wireName());
            } else if (!wanted && subscribed.containsKey(codec)) {
                watches.unwatch(site, camera, codec.wireName());
                bus.unsubscribe(subscribed.remove(codec));
            }
        }
    }

    @Override
    public void close() {
        demand(Set.of());
    }

    private String subject(VideoCodec codec) {
        return Subjects.video(site, camera, codec.wireName());
    }

    /** One codec's frames, in the order NATS hands them over, on that subscription's own thread. */
    private final class Stream {
        private final VideoCodec codec;
        private long last;
        private boolean needKey;

        Stream(VideoCodec codec) {
            this.codec = codec;
            this.needKey = codec == VideoCodec.H264;
        }

        void take(Message m) {
            FrameMessage frame;
            try {
                frame = FrameMessage.decode(m.getData(), codec);
            } catch (BusMessageException e) {
                bad.dropped(site, e.getMessage());
                return;
            }
            if (frame.number() != last + 1 && codec == VideoCodec.H264) {
                needKey = true;
            }
            last = frame.number();
            if (needKey && !frame.frame().key()) {
                return;
            }
            needKey = false;
            context.frames().publish(frame.frame());
        }
    }
}
