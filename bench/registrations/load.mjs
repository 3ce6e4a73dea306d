// Fire N registrations at essaim's JSON API, CONCURRENCY at a time (default: all at once),
// each from its own client address (X-Forwarded-For, believed because essaim trusts the
// loopback proxy) with its own idempotency key; print registrations per second, p50/p99
// latency, errors and this tool's own CPU time per request, as JSON.
//   node load.mjs BASE_URL SLUG N [CONCURRENCY]
// IP_OFFSET (environment, default 0) shifts the client addresses, so that repeated rushes on
// one database stay under the booking limit per address (bench/run.sh draws one per rush).
//
// The tool shares the machine's cores with the server, so it must cost little: each of the
// CONCURRENCY connections is a plain keep-alive socket that writes one request, reads its
// answer (Content-Length or chunked) and writes the next. Node's `fetch` cost about 1.3 ms of
// CPU per request here, more than the server itself; this costs a fraction of it.
import net from 'node:net';

const [base, slug, n = '1000', concurrencyArg] = process.argv.slice(2);
const total = Number(n);
const concurrency = Math.min(Number(concurrencyArg || total), total);
const { hostname, port } = new URL(base);
const path = `/api/v1/events/${slug}/registrations`;
const ipOffset = Number(process.env.IP_OFFSET || 0);

const latencies = [];
const statuses = {};
let next = 0;

function request(i) {
  const a = i + ipOffset;
  const ip = `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${(a & 255) || 1}`;
  const body = JSON.stringify({ contact_name: `Personne ${i}`, email: `p${i}@bench.example`, seats: 1 });
  return `POST ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\n`
    + `x-forwarded-for: ${ip}\r\nidempotency-key: bench-${process.pid}-${i}-0123456789\r\n`
    + `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/// The length of the first complete response in `buf` and its status, or null if incomplete.
function parse(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.toString('latin1', 0, end);
  const status = Number(head.slice(9, 12));
  const cl = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (cl) {
    const len = end + 4 + Number(cl[1]);
    return buf.length >= len ? { len, status } : null;
  }
  if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
    let pos = end + 4;
    for (;;) {
      const line = buf.indexOf('\r\n', pos);
      if (line < 0) return null;
      const size = parseInt(buf.toString('latin1', pos, line), 16);
      pos = line + 2 + size + 2;
      if (pos > buf.length) return null;
      if (size === 0) return { len: pos, status };
    }
  }
  return { len: end + 4, status };
}

function connection() {
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port), noDelay: true });
    let buf = Buffer.alloc(0);
    let t0 = 0;
    let inflight = false;
    const send = () => {
      if (next >= total) {
        socket.end();
        return resolve();
      }
      const i = next++;
      t0 = performance.now();
      inflight = true;
      socket.write(request(i));
    };
    const record = (status) => {
      inflight = false;
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] || 0) + 1;
    };
    socket.on('connect', send);
    socket.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const r = parse(buf);
      if (!r) return;
      buf = buf.subarray(r.len);
      record(r.status);
      send();
    });
    // A connection that fails or closes with a request in flight counts it as an error.
    socket.on('error', (e) => {
      if (inflight) record(`network: ${e.code || e.message}`);
      resolve();
    });
    socket.on('close', () => {
      if (inflight) record('network: closed');
      resolve();
    });
  });
}

const cpu0 = process.cpuUsage();
const start = performance.now();
await Promise.all(Array.from({ length: concurrency }, connection));
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpu0);
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] || 0;
const errors = Object.entries(statuses).filter(([s]) => s !== '201').reduce((a, [, c]) => a + c, 0);
const done = latencies.length;
console.log(JSON.stringify({
  registrations: done,
  concurrency,
  seconds: Number(seconds.toFixed(2)),
  per_second: Number((done / seconds).toFixed(1)),
  p50_ms: Number(pct(50).toFixed(1)),
  p99_ms: Number(pct(99).toFixed(1)),
  errors: errors + (total - done),
  statuses,
  load_tool_cpu_us_per_request: Math.round((cpu.user + cpu.system) / Math.max(done, 1)),
}));
