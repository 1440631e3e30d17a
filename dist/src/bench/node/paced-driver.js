// One driver as the fleet's drive: a command every 33 ms, the next only once the last is answered.
// Prints one JSON line: round trip (command -> ack) percentiles in µs, the first 2 s left out.
//   node paced-driver.js URL SECONDS [DELAY_SECONDS]
'use strict';
const WebSocket = require('ws');
const [url, seconds, delay] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4] || 0)];
const ws = new WebSocket(url, { perMessageDeflate: false });
const micros = [];
let pending = null, sentAt = 0n, n = 0, start = 0;
ws.on('open', () => {
  ws.send('{"command":"claim","id":"__claim"}'); // the driver's seat where the server has one
  setTimeout(() => { start = Date.now(); tick(); }, delay * 1000);
});
ws.on('message', data => {
  if (pending && data.includes(`"${pending}"`)) {
    const us = Number(process.hrtime.bigint() - sentAt) / 1000;
    pending = null;
    if (Date.now() - start > 2000) micros.push(us);
  }
});
function tick() {
  if (Date.now() - start > (seconds + 2) * 1000) {
    micros.sort((a, b) => a - b);
    const at = q => Math.round(micros[Math.floor(q * (micros.length - 1))]);
    console.log(JSON.stringify({ n: micros.length, p50_us: at(0.5), p90_us: at(0.9), p99_us: at(0.99), max_us: at(1) }));
    process.exit(0);
  }
  if (!pending) {
    pending = 'k' + (++n);
    sentAt = process.hrtime.bigint();
    ws.send(`{"command":"up","duration":0.1,"id":"${pending}"}`);
  }
  setTimeout(tick, 33);
}
