// A visitor reads the archive, pages to page 5, opens a post, searches, and posts a
// comment that waits for moderation; axe checks every page on the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssaim, launchBrowser, checkA11y, shot } from "../lib.mjs";

let site, browser, page;

before(async () => {
  site = await startEssaim();
  browser = await launchBrowser();
  page = await (await browser.newContext({ locale: "fr-FR" })).newPage();
});

after(async () => {
  await browser?.close();
  await site?.stop();
});

test("home page", async () => {
  await page.goto(site.base + "/");
  assert.match(await page.title(), /Réseau Passerelles/);
  assert.ok(await page.getByRole("heading", { name: "Nos partenaires" }).isVisible());
  await checkA11y(page, "home");
  await shot(page, "home");
});

test("archive and pager to page 5", async () => {
  await page.goto(site.base + "/actualites");
  assert.equal(await page.locator("li.card").count(), 10);
  await checkA11y(page, "archive");
  await shot(page, "archive");
  await page.getByRole("link", { name: "Page 5" }).click();
  await page.waitForURL(/page=5/);
  assert.ok((await page.locator("li.card").count()) >= 1);
  assert.equal((await page.locator(".pager [aria-current=page]").textContent()).replace(/\s+/g, " ").trim(), "Page 5");
});

test("a post, then a comment that waits for moderation", async () => {
  await page.goto(site.base + "/actualites");
  const first = page.locator("li.card h3 a").first();
  const title = await first.innerText();
  await first.click();
  assert.equal(await page.locator("h1").innerText(), title);
  await checkA11y(page, "post");
  await shot(page, "post");
  // A form sent with errors keeps what was typed and says what is wrong, next to the field.
  await page.fill("#comment-name", "Inès");
  await page.fill("#comment-email", "pas-une-adresse");
  await page.fill("#comment-body", "Bravo pour cette belle initiative !");
  await page.getByRole("button", { name: "Publier le commentaire" }).click();
  assert.match(await page.locator("#comment-email-error").innerText(), /adresse e-mail valable/);
  assert.equal(await page.inputValue("#comment-body"), "Bravo pour cette belle initiative !");
  await checkA11y(page, "post with comment errors");
  await shot(page, "comment-errors");
  await page.fill("#comment-email", "ines@example.org");
  await page.getByRole("button", { name: "Publier le commentaire" }).click();
  assert.match(await page.locator(".flash").innerText(), /publié après relecture/);
});

test("search highlights the terms, accents or not", async () => {
  await page.goto(site.base + "/");
  await page.fill("#q-header", "egalite");
  await page.keyboard.press("Enter");
  await page.waitForURL(/recherche/);
  assert.ok((await page.locator(".search-results li").count()) > 0);
  assert.ok((await page.locator(".search-results mark").count()) > 0);
  await checkA11y(page, "search");
  await shot(page, "search");
});

test("the 404 page helps", async () => {
  const r = await page.goto(site.base + "/nulle-part");
  assert.equal(r.status(), 404);
  await checkA11y(page, "404");
});
