// Shared helpers of the browser tests: start essaim on a fresh copy of the demo database, drive
// Debian's Chromium, and check pages with axe-core (WCAG 2.1 A and AA).
import { spawn, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const AXE = readFileSync(join(here, "node_modules/axe-core/axe.min.js"), "utf8");
const BIN = process.env.ESSAIM_BIN || join(here, "../target/debug/essaim");

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** Start `essaim serve` on `dir`; resolves once it answers /healthz (and, when it loads the
 * demo, once it has printed the first administrator). */
async function serve(dir, { demo }) {
  const port = await freePort();
  const env = {
    ...process.env,
    ESSAIM_DATA_DIR: dir,
    ESSAIM_LISTEN: `127.0.0.1:${port}`,
    ESSAIM_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ESSAIM_DEMO: "true",
    ESSAIM_LOG: "warn",
  };
  delete env.ESSAIM_DATABASE_URL;
  const child = spawn(BIN, ["serve"], { env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  // Up to two minutes: a debug build loading the demo on a busy machine is slow.
  for (let i = 0; i < 1200; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok && (!demo || out.includes("password:"))) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    env,
    out: () => out,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

const EDITOR = { email: "redac93@passerelles.example", password: "mot de passe du rédacteur 93" };

/**
 * The demo database every test file starts from, built once per build of the binary: the
 * demo loaded by a first start (its administrator's credentials kept beside it) and a club
 * editor added, then the server stopped. Each test file runs on its own copy, as a fresh
 * start would leave it, without loading the demo again.
 */
async function demoTemplate() {
  const st = statSync(BIN);
  const bin = createHash("sha256").update(BIN).digest("hex").slice(0, 12);
  const name = `essaim-e2e-demo-${bin}-${st.size}-${Math.floor(st.mtimeMs)}`;
  const tpl = join(tmpdir(), name);
  if (existsSync(join(tpl, "ready.json"))) return tpl;
  // Older templates of this binary go.
  for (const old of readdirSync(tmpdir())) {
    if (old.startsWith(`essaim-e2e-demo-${bin}-`) && old !== name && !old.includes(".build-")) {
      rmSync(join(tmpdir(), old), { recursive: true, force: true });
    }
  }
  const work = mkdtempSync(`${tpl}.build-`);
  const site = await serve(work, { demo: true });
  const admin = {
    email: /login:\s+(\S+)/.exec(site.out())?.[1],
    password: /password:\s+(\S+)/.exec(site.out())?.[1],
  };
  execFileSync(BIN, ["user", "create", "--email", EDITOR.email, "--role", "editor", "--club", "seine-saint-denis", "--name", "Rédactrice 93"], {
    env: { ...site.env, ESSAIM_USER_PASSWORD: EDITOR.password },
  });
  await site.stop();
  writeFileSync(join(work, "ready.json"), JSON.stringify({ admin }));
  try {
    renameSync(work, tpl);
  } catch {
    // Another process built it at the same time: theirs is as good.
    rmSync(work, { recursive: true, force: true });
  }
  return tpl;
}

/** Start essaim on a fresh copy of the demo database; resolves once it answers /healthz. */
export async function startEssaim() {
  const tpl = await demoTemplate();
  const dir = mkdtempSync(join(tmpdir(), "essaim-e2e-"));
  cpSync(tpl, dir, { recursive: true });
  const { admin } = JSON.parse(readFileSync(join(dir, "ready.json"), "utf8"));
  const site = await serve(dir, { demo: false });
  return {
    base: site.base,
    dir,
    admin,
    editor: EDITOR,
    async stop() {
      await site.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Run axe on the page; fails with the list of violations. */
export async function checkA11y(page, label) {
  // Evaluated through the DevTools protocol, so the page keeps its strict CSP.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const violations = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  if (violations.length) {
    throw new Error(`axe found ${violations.length} violation(s) on ${label}:\n  ${violations.join("\n  ")}`);
  }
}

/** Save a screenshot under e2e/screenshots when ESSAIM_SCREENSHOTS is set. */
export async function shot(page, name) {
  if (process.env.ESSAIM_SCREENSHOTS) {
    await page.screenshot({ path: join(here, "screenshots", `${name}.png`), fullPage: true });
  }
}

/**
 * The usual set-up of a test file: essaim on a fresh demo database and a French browser page,
 * started before the file's tests (then handed to `ready({ site, browser, page })`) and
 * stopped after them.
 */
export function useSite(ready) {
  const ctx = {};
  before(async () => {
    ctx.site = await startEssaim();
    ctx.browser = await launchBrowser();
    ctx.page = await (await ctx.browser.newContext({ locale: "fr-FR" })).newPage();
    ready(ctx);
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.site?.stop();
  });
  return ctx;
}
