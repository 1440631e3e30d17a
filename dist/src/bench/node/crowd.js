// Spectators that count telemetry: once all are open and 2 s have passed, counts for SECONDS and
// prints one JSON line with the fewest and the median messages a spectator got.
//   node crowd.js URL CLIENTS SECONDS
'use strict';
const WebSocket = require('ws');
const [url, clients, seconds] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const counts = new Array(clients).fill(0);
let counting = false, open = 0;
for (let i = 0; i < clients; i++) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('open', () => {
    if (++open === clients) setTimeout(() => { counting = true; setTimeout(report, seconds * 1000); }, 2000);
  });
  ws.on('message', data => { if (counting && data.includes('"telemetry"')) counts[i]++; });
  ws.on('error', () => {});
}
function report() {
  const sorted = [...counts].sort((a, b) => a - b);
  console.log(JSON.stringify({ clients, open, telemetry_min: sorted[0], telemetry_median: sorted[clients >> 1] }));
  process.exit(0);
}
