// Shared helpers of the browser tests: start essaim on a fresh demo database, drive
// Debian's Chromium, and check pages with axe-core (WCAG 2.1 A and AA).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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

/** Start essaim with the demo content; resolves once it answers /healthz. */
export async function startEssaim() {
  const dir = mkdtempSync(join(tmpdir(), "essaim-e2e-"));
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
      if (r.ok && out.includes("password:")) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const admin = {
    email: /login:\s+(\S+)/.exec(out)?.[1],
    password: /password:\s+(\S+)/.exec(out)?.[1],
  };
  const editorPassword = "mot de passe du rédacteur 93";
  execFileSync(BIN, ["user", "create", "--email", "redac93@passerelles.example", "--role", "editor", "--club", "seine-saint-denis", "--name", "Rédactrice 93"], {
    env: { ...env, ESSAIM_USER_PASSWORD: editorPassword },
  });
  return {
    base,
    dir,
    admin,
    editor: { email: "redac93@passerelles.example", password: editorPassword },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
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
