// Fire N registrations at once at essaim's JSON API, each from its own client address
// (X-Forwarded-For, believed because essaim trusts the loopback proxy) with its own
// idempotency key; print registrations per second, p50/p99 latency and errors as JSON.
//   node load.mjs BASE_URL SLUG N [CONCURRENCY]
// IP_OFFSET (environment, default 0) shifts the client addresses, so that repeated rushes on
// one database stay under the booking limit per address (bench/run.sh draws one per rush).
const [base, slug, n = '1000', concurrencyArg] = process.argv.slice(2);
const total = Number(n);
const concurrency = Number(concurrencyArg || total);
const url = `${base}/api/v1/events/${slug}/registrations`;
const ipOffset = Number(process.env.IP_OFFSET || 0);

const latencies = [];
const statuses = {};
let next = 0;

async function one(i) {
  const a = i + ipOffset;
  const ip = `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${(a & 255) || 1}`;
  const body = JSON.stringify({ contact_name: `Personne ${i}`, email: `p${i}@bench.example`, seats: 1 });
  const t0 = performance.now();
  let status;
  try {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, 'idempotency-key': `bench-${process.pid}-${i}-0123456789` },
      body,
    });
    await r.arrayBuffer();
    status = r.status;
  } catch (e) {
    status = `network: ${e.cause?.code || e.message}`;
  }
  latencies.push(performance.now() - t0);
  statuses[status] = (statuses[status] || 0) + 1;
}

async function worker() {
  while (next < total) {
    const i = next++;
    await one(i);
  }
}

const start = performance.now();
await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
const seconds = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const errors = Object.entries(statuses).filter(([s]) => s !== '201').reduce((a, [, c]) => a + c, 0);
console.log(JSON.stringify({
  registrations: total,
  concurrency: Math.min(concurrency, total),
  seconds: Number(seconds.toFixed(2)),
  per_second: Number((total / seconds).toFixed(1)),
  p50_ms: Number(pct(50).toFixed(1)),
  p99_ms: Number(pct(99).toFixed(1)),
  errors,
  statuses,
}));
