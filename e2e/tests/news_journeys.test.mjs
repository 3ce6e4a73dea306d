// Journeys of the news where people stumbled: after a failed form the focus (or, without
// JavaScript, the scroll) lands on the error summary; the post editor keeps its settings in a
// side panel and never widens the page; French content keeps lang="fr" on English pages;
// lists sort by French rules; the small ones (tags' address, the search forms' names, the
// language switch after a failed form).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssaim, launchBrowser, checkA11y, shot } from "../lib.mjs";

let site, browser;

before(async () => {
  site = await startEssaim();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.stop();
});

async function newPage(options = {}) {
  return (await browser.newContext({ locale: "fr-FR", ...options })).newPage();
}

async function signIn(page, who) {
  await page.goto(site.base + "/admin/connexion");
  await page.fill("#login-email", who.email);
  await page.fill("#login-password", who.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname.startsWith("/admin") && !u.pathname.startsWith("/admin/connexion"));
}

/** Whether the element is on screen, in the viewport's height. */
async function inView(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight;
  });
}

async function firstPost(page) {
  await page.goto(site.base + "/actualites");
  await page.locator("li.card h3 a").first().click();
  await page.waitForSelector("#comment-form");
}

test("a comment with errors on a phone: the focus lands on the error summary", async () => {
  const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await firstPost(page);
  await page.fill("#comment-email", "pas-une-adresse");
  await page.getByRole("button", { name: "Publier le commentaire" }).click();
  await page.waitForSelector("#erreurs");
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), "erreurs");
  assert.ok(await inView(page.locator("#erreurs")), "the summary is on screen");
  const summary = page.locator("#erreurs");
  assert.equal(await summary.getAttribute("tabindex"), "-1");
  assert.match(await summary.getByRole("heading").innerText(), /erreurs/);
  // One error a field: a missing name is said once, and each line leads to its field.
  assert.equal(await summary.locator("li").count(), 3);
  assert.equal(await summary.getByRole("link", { name: "Indiquez votre nom." }).getAttribute("href"), "#comment-name");
  await checkA11y(page, "comment errors on a phone");
  await shot(page, "comment-errors-phone");
  await page.context().close();
});

test("without JavaScript the page opens scrolled to the error summary", async () => {
  const page = await newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  await firstPost(page);
  await page.fill("#comment-name", "Inès");
  await page.getByRole("button", { name: "Publier le commentaire" }).click();
  await page.waitForSelector("#erreurs");
  assert.match(page.url(), /#erreurs$/);
  assert.ok(await inView(page.locator("#erreurs")), "the summary is on screen");
  assert.equal(await page.inputValue("#comment-name"), "Inès", "what was typed is kept");
  await page.context().close();
});

test("a failed back-office form moves the focus to its summary too", async () => {
  const page = await newPage({ viewport: { width: 390, height: 844 } });
  await signIn(page, site.admin);
  await page.goto(site.base + "/admin/articles/nouveau");
  // The field's maxlength stops typing; a pasted or scripted value still reaches the server.
  await page.locator("#f-title").evaluate((el) => { el.removeAttribute("maxlength"); el.value = "x".repeat(250); });
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForSelector("#erreurs");
  assert.equal(await page.evaluate(() => document.activeElement.id), "erreurs");
  const text = await page.locator("#erreurs").innerText();
  assert.match(text, /Titre\u202f: Ce texte fait 250 caractères\u202f; 200 au plus\./);
  assert.match(text, /Texte\u202f: Ce champ est obligatoire\./);
  await page.context().close();
});

for (const width of [1280, 320]) {
  test(`the post editor stays within a ${width} px screen`, async () => {
    const page = await newPage({ viewport: { width, height: 900 } });
    await signIn(page, site.admin);
    for (const path of ["/admin/articles/nouveau"]) {
      await page.goto(site.base + path);
      const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
      assert.ok(widths.doc <= widths.view, `${path}: the page is ${widths.doc} px wide on a ${widths.view} px screen`);
      const select = await page.locator("#f-image_id").boundingBox();
      const side = await page.locator(".editor-side").boundingBox();
      assert.ok(select.x + select.width <= side.x + side.width + 1, "the picture chooser stays in its column");
    }
    const main = await page.locator(".editor-main").boundingBox();
    const side = await page.locator(".editor-side").boundingBox();
    if (width >= 1280) {
      assert.ok(side.x > main.x + main.width - 1, "settings beside the text");
      assert.ok(main.width > 2 * side.width, "the text has the wide column");
    } else {
      assert.ok(side.y >= main.y + main.height - 1, "settings under the text");
    }
    await checkA11y(page, `editor at ${width} px`);
    await shot(page, `editor-${width}`);
    await page.context().close();
  });
}

test("categories sort by French rules in the editor", async () => {
  const page = await newPage();
  await signIn(page, site.admin);
  await page.goto(site.base + "/admin/articles/nouveau");
  const names = (await page.locator("#f-category_ids label").allInnerTexts()).map((t) => t.trim());
  const at = (name) => names.findIndex((n) => n.startsWith(name));
  assert.ok(at("Éducation") >= 0 && at("Emploi") >= 0 && at("Vie du réseau") >= 0, names.join(", "));
  assert.ok(at("Éducation") < at("Emploi") && at("Emploi") < at("Vie du réseau"), names.join(", "));
  // The old address of the tags leads to where they are managed.
  await page.goto(site.base + "/admin/etiquettes");
  assert.match(page.url(), /\/admin\/categories#etiquettes$/);
  assert.ok(await page.getByRole("heading", { name: "Étiquettes", exact: true }).isVisible());
  await page.context().close();
});

test("French content keeps lang=fr on an English page, and the feed says so", async () => {
  const page = await newPage({ locale: "en-GB" });
  await page.goto(site.base + "/actualites");
  await page.locator("li.card h3 a").first().click();
  await page.waitForSelector("#comment-form");
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  assert.equal(await page.locator("h1").getAttribute("lang"), "fr");
  assert.equal(await page.locator(".prose").getAttribute("lang"), "fr");
  assert.equal(await page.locator(".post-nav").getAttribute("lang"), null, "the interface stays English");
  await checkA11y(page, "a French post on an English page");
  const feed = await (await fetch(site.base + "/actualites/flux.atom", { headers: { "Accept-Language": "en" } })).text();
  assert.match(feed, /<feed [^>]*xml:lang="en"/);
  assert.match(feed, /<entry xml:lang="fr">/);
  await page.context().close();
});

test("the search page's two forms have distinct names", async () => {
  const page = await newPage();
  await page.goto(site.base + "/recherche?q=emploi");
  const forms = page.getByRole("search");
  assert.equal(await forms.count(), 2);
  const names = await forms.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  assert.equal(new Set(names).size, 2, names.join(" / "));
  assert.ok(await page.getByLabel("Mots à rechercher").isVisible());
  await checkA11y(page, "search");
  await page.context().close();
});

test("switching language on a form shown again with errors goes back to the form", async () => {
  const page = await newPage();
  await firstPost(page);
  const postUrl = page.url();
  await page.fill("#comment-name", "Inès");
  await page.getByRole("button", { name: "Publier le commentaire" }).click();
  await page.waitForSelector("#erreurs");
  const [response] = await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "English" }).click()]);
  assert.equal(response.status(), 200);
  assert.equal(page.url(), postUrl);
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await page.context().close();
});
