// The README's screenshots: essaim on a fresh demo database, each page at 390 px (a phone)
// and 1,280 px (a laptop), saved under docs/screenshots/. Run by scripts/screenshots.
import { mkdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startEssaim, launchBrowser } from "./lib.mjs";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "screenshots");
mkdirSync(out, { recursive: true });
const WIDTHS = [390, 1280];
// Tall pages are cut: the first screens say what the page is.
const MAX_HEIGHT = 2400;

const site = await startEssaim();
const browser = await launchBrowser();
try {
  const visitor = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  // A booking to show: a visitor registers for a demo event.
  await visitor.goto(site.base + "/evenements/ceremonie-concours-quartiers");
  await visitor.getByLabel("Votre nom").fill("Awa Diallo");
  await visitor.getByLabel("Votre adresse e-mail").fill("awa.diallo@exemple.fr");
  await visitor.getByRole("group", { name: "Restez-vous au cocktail après la cérémonie ?" }).getByLabel("Non").check();
  await visitor.getByRole("button", { name: "M’inscrire" }).click();
  await visitor.waitForURL(/\/evenements\/inscription\//);
  const booking = new URL(visitor.url()).pathname;
  await visitor.goto(site.base + "/actualites");
  // The first post of the archive: /actualites/SLUG, not a category, tag, club or month.
  const post = await visitor.evaluate(() =>
    [...document.querySelectorAll("main a[href^='/actualites/']")]
      .map((a) => a.getAttribute("href").split("#")[0])
      .find((h) => /^\/actualites\/[a-z0-9-]+$/.test(h) && !/^\/actualites\/(categorie|etiquette|club|flux)/.test(h)),
  );

  const staff = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await staff.goto(site.base + "/admin/connexion");
  await staff.locator("#login-email").fill(site.admin.email);
  await staff.locator("#login-password").fill(site.admin.password);
  await staff.locator("#login-password").press("Enter");
  await staff.waitForURL((u) => u.pathname === "/admin");

  const pages = [
    ["home", visitor, "/"],
    ["archive", visitor, "/actualites"],
    ["post", visitor, post],
    ["event", visitor, "/evenements/rendez-vous-numerique-egalite"],
    ["booking", visitor, booking],
    ["dashboard", staff, "/admin"],
    ["editor", staff, "/admin/articles/nouveau"],
  ];
  for (const [name, page, path] of pages) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      await page.goto(site.base + path);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const file = join(out, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, MAX_HEIGHT) } });
      console.log(`${file} (${path})`);
    }
  }
} finally {
  await browser.close();
  await site.stop();
}
