// Badges that anyone can verify: one of the demo's badges issued last year, opened from the
// link e-mailed to her (read from the outbox), is downloaded from its page with the issuer's
// keys and status list; the independent verifier (verify-badge.mjs, the `jose` library only)
// accepts it offline. A network administrator revokes it through the page's form; with the
// status list fetched again, the verifier refuses it. The page passes axe on a phone and on a
// desktop, before and after.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { useSite, checkA11y, shot } from "../lib.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const VERIFIER = join(here, "..", "verify-badge.mjs");

let site, browser;
useSite((c) => ({ site, browser } = c));

function sql(statement) {
  return execFileSync("sqlite3", ["-cmd", ".timeout 5000", join(site.dir, "essaim.db"), statement], { encoding: "utf8" }).trim();
}

const PHONE = { viewport: { width: 320, height: 640 }, locale: "fr-FR", isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: "fr-FR" };

/** Run the verifier on files; its exit code and output. */
function verify(dir, withStatus) {
  const args = [VERIFIER, join(dir, "credential.jwt"), join(dir, "jwks.json")];
  if (withStatus) args.push(join(dir, "status.jwt"));
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function download(url) {
  const r = await fetch(url);
  assert.equal(r.status, 200, url);
  return r.text();
}

test("a demo badge verifies offline, then fails once revoked", async () => {
  const body = sql("SELECT text_body FROM mail_outbox WHERE dedup_key LIKE 'programs:badge:%' ORDER BY id LIMIT 1");
  const link = body.match(/https?:\/\/\S+\/badges\/[A-Za-z0-9_-]+/);
  assert.ok(link, `the outbox has her badge's link: ${body}`);
  const path = new URL(link[0]).pathname;
  const dir = mkdtempSync(join(tmpdir(), "essaim-badge-"));
  try {
    // On her phone: the page says it is valid, and offers the credential.
    const phone = await (await browser.newContext(PHONE)).newPage();
    await phone.goto(`${site.base}${path}`);
    assert.match(await phone.locator("main").innerText(), /Badge valide/);
    await checkA11y(phone, "the badge's page on a phone");
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `no sideways scroll (${width} px)`);
    await shot(phone, "badge-phone");
    const [file] = await Promise.all([phone.waitForEvent("download"), phone.getByRole("link", { name: /L’attestation signée/ }).click()]);
    await file.saveAs(join(dir, "credential.jwt"));
    await phone.context().close();

    writeFileSync(join(dir, "jwks.json"), await download(`${site.base}/badges/cles.json`));
    writeFileSync(join(dir, "status.jwt"), await download(`${site.base}/badges/statut/1`));
    let r = verify(dir, true);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^valid: “Exploratrices du numérique”/);
    // An altered credential is refused.
    const jwt = (await download(`${site.base}${path}/credential.jwt`)).trim();
    const [h, p, s] = jwt.split(".");
    const forged = JSON.parse(Buffer.from(p, "base64url"));
    forged.validFrom = "2001-01-01T00:00:00Z";
    writeFileSync(join(dir, "forged.jwt"), `${h}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${s}`);
    const f = spawnSync(process.execPath, [VERIFIER, join(dir, "forged.jwt"), join(dir, "jwks.json")], { encoding: "utf8" });
    assert.equal(f.status, 1, f.stdout + f.stderr);

    // A network administrator revokes it through the page's form.
    const page = await (await browser.newContext(DESKTOP)).newPage();
    await page.goto(`${site.base}/admin/connexion?suite=${encodeURIComponent(path)}`);
    await page.locator("#login-email").fill(site.admin.email);
    await page.locator("#login-password").fill(site.admin.password);
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === path);
    await checkA11y(page, "the badge's page, signed in, with the revoke form");
    await page.getByRole("button", { name: "Révoquer le badge" }).click();
    await page.waitForURL((u) => u.pathname === path);
    assert.match(await page.locator("main").innerText(), /Badge révoqué le/);
    await checkA11y(page, "the revoked badge's page");
    await page.context().close();

    // Anyone sees it revoked; the verifier, with the list fetched again, refuses it.
    const visitor = await (await browser.newContext(DESKTOP)).newPage();
    await visitor.goto(`${site.base}${path}`);
    assert.match(await visitor.locator("main").innerText(), /Badge révoqué le/);
    await checkA11y(visitor, "the revoked badge's page on a desktop");
    await shot(visitor, "badge-revoked");
    await visitor.context().close();
    writeFileSync(join(dir, "status.jwt"), await download(`${site.base}/badges/statut/1`));
    r = verify(dir, true);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /revoked/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
