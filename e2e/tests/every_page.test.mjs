// Every page, found by following links: the public site as a visitor, then the back office as
// the network's administrator, each in French and in English, at 320 CSS pixels (RGAA 10.11:
// nothing scrolls sideways) and checked by axe (WCAG 2.1 A and AA). Pages of one shape
// (/admin/evenements/12, /admin/evenements/13) are visited once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEssaim, launchBrowser, checkA11y } from "../lib.mjs";
import { before, after } from "node:test";

let site, browser;
before(async () => {
  site = await startEssaim();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.stop();
});

// Links that leave the HTML pages, change state, or repeat a page with another filter.
const SKIP = [
  /^\/admin\/deconnexion/,
  /^\/(media|static)\//,
  /\.(atom|xml|ics|pdf|csv|xlsx|json|txt|svg|png|jpe?g|webp|zip)$/,
  /^\/api\//,
  /\/export/,
  /\/feuille/,
];

/** The shape of a path: numbers and the last segment of deep public paths folded. */
function shape(path) {
  const [p, q] = path.split("?");
  let s = p.replace(/\/\d+(?=\/|$)/g, "/N");
  // One post, one event, one club, one category, one tag, one month of the archive.
  s = s.replace(/^\/(actualites|evenements|clubs|categorie|etiquette|partenaires)\/[^/]+/, "/$1/X");
  s = s.replace(/^\/\d{4}\/\d{2}(\/.*)?$/, "/YYYY/MM");
  // Query strings: a page number or a filter shows the same template.
  return q ? `${s}?${q.replace(/=[^&]*/g, "=")}` : s;
}

async function crawl(page, seeds, { prefix, limit }) {
  const seen = new Set();
  const queue = [...seeds];
  const visited = [];
  const failures = [];
  while (queue.length && visited.length < limit) {
    const path = queue.shift();
    const key = shape(path);
    if (seen.has(key)) continue;
    seen.add(key);
    let response;
    try {
      response = await page.goto(site.base + path);
    } catch {
      continue; // a download
    }
    if (!response || !(response.headers()["content-type"] || "").startsWith("text/html")) continue;
    if (!new URL(page.url()).pathname.startsWith(prefix)) continue; // redirected out
    visited.push(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) failures.push(`${path} scrolls sideways at 320 px (${overflow} px too wide)`);
    try {
      await checkA11y(page, `${path} (${await page.evaluate(() => document.documentElement.lang)}, 320 px)`);
    } catch (e) {
      failures.push(e.message);
    }
    const links = await page.evaluate(() =>
      [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")).filter((h) => h.startsWith("/") && !h.startsWith("//")),
    );
    for (const href of links) {
      const clean = href.split("#")[0];
      if (!clean.startsWith(prefix) || SKIP.some((re) => re.test(clean.split("?")[0]))) continue;
      if (!seen.has(shape(clean))) queue.push(clean);
    }
  }
  assert.deepEqual(failures, [], failures.join("\n"));
  return visited;
}

async function phone(locale) {
  const context = await browser.newContext({ locale, viewport: { width: 320, height: 640 } });
  return context.newPage();
}

async function signIn(page) {
  await page.goto(site.base + "/admin/connexion");
  await page.locator("#login-email").fill(site.admin.email);
  await page.locator("#login-password").fill(site.admin.password);
  await page.locator("#login-password").press("Enter");
  await page.waitForURL((u) => u.pathname === "/admin");
}

for (const locale of ["fr-FR", "en-GB"]) {
  test(`every public page at 320 px passes axe and fits (${locale})`, async (t) => {
    const page = await phone(locale);
    const seeds = ["/", "/actualites", "/evenements", "/appels", "/clubs", "/partenaires", "/recherche?q=emploi", "/plan-du-site", "/acces"];
    const visited = await crawl(page, seeds, { prefix: "/", limit: 60 });
    t.diagnostic(`${visited.length} pages: ${visited.join(" ")}`);
    assert.ok(visited.length >= 15, `only ${visited.length} public pages found: ${visited.join(" ")}`);
    await page.context().close();
  });

  test(`every back-office page at 320 px passes axe and fits (${locale})`, async (t) => {
    const page = await phone(locale);
    await signIn(page);
    const visited = await crawl(page, ["/admin"], { prefix: "/admin", limit: 90 });
    t.diagnostic(`${visited.length} pages: ${visited.join(" ")}`);
    assert.ok(visited.length >= 20, `only ${visited.length} back-office pages found: ${visited.join(" ")}`);
    await page.context().close();
  });
}
