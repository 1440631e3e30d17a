// The selected vehicle's camera: a WebSocket to /video on the page's own host, frames drawn on a
// canvas as they arrive. H.264 through WebCodecs where the browser offers it (a secure context:
// localhost or https), JPEG otherwise; the frame rate and the latency from capture to display
// shown beside it. A frame is 4 bytes of header length, a JSON header, then the encoded picture.

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10000;
const LATENCY_WINDOW = 30;

/** Whether this browser can decode H.264 here; WebCodecs exists only in a secure context. */
async function h264Supported() {
  if (!window.isSecureContext || typeof window.VideoDecoder !== 'function') {
    return false;
  }
  try {
    const support = await VideoDecoder.isConfigSupported({ codec: 'avc1.42E01E', optimizeForLatency: true });
    return support.supported === true;
  } catch (e) {
    return false;
  }
}

/** Splits one binary message into its JSON header and the encoded picture. */
function parseFrame(buffer) {
  const view = new DataView(buffer);
  const length = view.getUint32(0);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
  return { header, data: new Uint8Array(buffer, 4 + length) };
}

/** The WebCodecs codec string from the SPS inside an Annex B key frame: avc1.PPCCLL. */
function codecFromKeyFrame(data) {
  for (let i = 0; i + 4 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1 && (data[i + 3] & 0x1f) === 7) {
      const hex = (b) => b.toString(16).padStart(2, '0');
      return 'avc1.' + hex(data[i + 4]) + hex(data[i + 5]) + hex(data[i + 6]);
    }
  }
  return null;
}

/** Draws JPEG frames: decoding off the main thread, dropping a frame that arrives mid-decode. */
class JpegPainter {
  constructor(canvas, shown) {
    this.canvas = canvas;
    this.shown = shown;
    this.busy = false;
    this.waiting = null;
  }

  push(header, data) {
    if (this.busy) {
      this.waiting = { header, data }; // latest wins, as on the server
      return;
    }
    this.busy = true;
    createImageBitmap(new Blob([data], { type: 'image/jpeg' }))
      .then((bitmap) => {
        draw(this.canvas, bitmap, bitmap.width, bitmap.height);
        bitmap.close();
        this.shown(header.t);
      })
      .catch(() => {})
      .finally(() => {
        this.busy = false;
        const next = this.waiting;
        this.waiting = null;
        if (next) {
          this.push(next.header, next.data);
        }
      });
  }

  close() {}
}

/** Draws H.264 frames through WebCodecs; the capture time rides in the chunk's timestamp. */
class H264Painter {
  constructor(canvas, shown, failed) {
    this.canvas = canvas;
    this.shown = shown;
    this.failed = failed;
    this.decoder = null;
  }

  push(header, data) {
    if (!this.decoder) {
      if (!header.key) {
        return;
      }
      const codec = codecFromKeyFrame(data);
      if (!codec) {
        this.failed();
        return;
      }
      this.decoder = new VideoDecoder({
        output: (frame) => {
          draw(this.canvas, frame, frame.displayWidth, frame.displayHeight);
          const t = frame.timestamp / 1000;
          frame.close();
          this.shown(t);
        },
        error: () => this.failed(),
      });
      this.decoder.configure({ codec, optimizeForLatency: true });
    }
    // A decoder that falls behind would show old pictures: skip to the next key frame instead.
    if (this.decoder.decodeQueueSize > 2 && !header.key) {
      return;
    }
    this.decoder.decode(new EncodedVideoChunk({
      type: header.key ? 'key' : 'delta',
      timestamp: Math.round(header.t * 1000),
      data,
    }));
  }

  close() {
    if (this.decoder && this.decoder.state !== 'closed') {
      this.decoder.close();
    }
    this.decoder = null;
  }
}

function draw(canvas, image, width, height) {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  canvas.getContext('2d').drawImage(image, 0, 0);
}

export class VideoView {
  /**
   * @param canvas where the pictures go
   * @param readout where the frame rate and latency go
   * @param ticket a function giving a Promise of a ticket, or of null where none is needed
   * @param onShown told true when pictures start and false when they stop
   */
  constructor({ canvas, fps, latency, ticket, onShown }) {
    this.canvas = canvas;
    this.fpsText = fps;
    this.latencyText = latency;
    this.ticket = ticket;
    this.onShown = onShown;
    this.camera = null;
    this.socket = null;
    this.painter = null;
    this.backoff = MIN_BACKOFF_MS;
    this.latencies = [];
    this.frameTimes = [];
    this.retry = null;
    this.codec = null;
    // ?codec=jpeg in the page's address asks for JPEG even where H.264 would work.
    const asked = new URLSearchParams(location.search).get('codec');
    (asked === 'jpeg' ? Promise.resolve(false) : h264Supported()).then((yes) => {
      this.codec = yes ? 'h264' : 'jpeg';
      if (this.camera) {
        this.connect();
      }
    });
  }

  /** Shows this camera, or nothing for null; a camera already shown keeps its socket. */
  watch(camera) {
    if (camera === this.camera) {
      return;
    }
    this.camera = camera;
    this.disconnect();
    this.onShown(false);
    if (camera && this.codec) {
      this.connect();
    }
  }

  connect() {
    clearTimeout(this.retry);
    const camera = this.camera;
    Promise.resolve(this.ticket())
      .then((ticket) => {
        if (camera !== this.camera) {
          return;
        }
        this.open(camera, ticket);
      })
      .catch(() => this.later());
  }

  open(camera, ticket) {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/video';
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.canvas.dataset.codec = this.codec;
    this.painter = this.codec === 'h264'
      ? new H264Painter(this.canvas, (t) => this.shown(t), () => this.fallBackToJpeg())
      : new JpegPainter(this.canvas, (t) => this.shown(t));
    socket.addEventListener('open', () => {
      const watch = { command: 'watch', camera, codec: this.codec };
      if (ticket) {
        watch.ticket = ticket;
      }
      socket.send(JSON.stringify(watch));
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') {
        return; // an error: the socket closes or the camera comes back by itself
      }
      const { header, data } = parseFrame(event.data);
      this.painter.push(header, data);
    });
    socket.addEventListener('close', () => {
      if (this.socket === socket) {
        this.socket = null;
        this.frameTimes = [];
        this.onShown(false);
        this.later();
      }
    });
  }

  later() {
    if (!this.camera) {
      return;
    }
    this.retry = setTimeout(() => this.connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }

  disconnect() {
    clearTimeout(this.retry);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.close();
    }
    if (this.painter) {
      this.painter.close();
      this.painter = null;
    }
    this.latencies = [];
    this.frameTimes = [];
    this.fpsText.textContent = '–';
    this.latencyText.textContent = '–';
  }

  fallBackToJpeg() {
    this.codec = 'jpeg';
    this.disconnect();
    this.connect();
  }

  /** A picture reached the screen: measure from its capture time, on the server's clock. */
  shown(t) {
    const now = Date.now();
    if (this.frameTimes.length === 0) {
      this.onShown(true);
      this.backoff = MIN_BACKOFF_MS;
    }
    this.frameTimes.push(now);
    while (this.frameTimes.length > 0 && now - this.frameTimes[0] > 1000) {
      this.frameTimes.shift();
    }
    const latency = Math.max(0, now - t);
    this.latencies.push(latency);
    // Every frame's latency, for a benchmark that reads them off the element (bounded, never global).
    const log = this.canvas.teledriveLatencies || (this.canvas.teledriveLatencies = []);
    if (log.length < 100000) {
      log.push(latency);
    }
    if (this.latencies.length > LATENCY_WINDOW) {
      this.latencies.shift();
    }
    const sorted = [...this.latencies].sort((a, b) => a - b);
    this.latencyText.textContent = String(Math.round(sorted[Math.floor(sorted.length / 2)]));
    this.fpsText.textContent = String(this.frameTimes.length);
  }
}
