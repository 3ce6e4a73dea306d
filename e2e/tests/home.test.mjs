// The home page composed of blocks: it passes axe in French and English, at a phone's and a
// desktop's width, never scrolls sideways at 320 px; its back office (/admin/accueil) works
// with the keyboard alone: a block moved down, a figure with a typing error refused next to it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, page, browser;
useSite((c) => ({ site, page, browser } = c));

test("the home tells the network's story, in French and English", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(site.base + "/");
  // The page's heading is the hero's title, not the site's name again.
  const h1 = await page.locator("h1").innerText();
  assert.notEqual(h1.trim(), "Réseau Passerelles");
  assert.match(h1, /Ouvrir aux jeunes/);
  assert.ok(await page.getByRole("heading", { name: "Le réseau en chiffres" }).isVisible());
  assert.match(await page.locator(".home-figures").innerText(), /1\u202f200/);
  assert.ok(await page.getByRole("heading", { name: "Prochains événements" }).isVisible());
  assert.ok((await page.locator(".home-places").count()) > 0);
  assert.ok(await page.getByRole("heading", { name: "Nos partenaires" }).isVisible());
  await checkA11y(page, "home fr 1280");
  await shot(page, "home-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(site.base + "/");
  await checkA11y(page, "home fr 390");
  await shot(page, "home-390");
  await page.getByRole("button", { name: "English" }).click();
  await page.waitForSelector("html[lang=en]");
  assert.ok(await page.getByRole("heading", { name: "The network in figures" }).isVisible());
  assert.match(await page.locator(".home-figures").innerText(), /1,200/);
  await checkA11y(page, "home en 390");
  await page.getByRole("button", { name: "Français" }).click();
  await page.waitForSelector("html[lang=fr]");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("no sideways scroll at 320px", async () => {
  const narrow = await (await browser.newContext({ locale: "fr-FR", viewport: { width: 320, height: 640 } })).newPage();
  try {
    await narrow.goto(site.base + "/");
    const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `the home is ${width}px wide at 320px`);
  } finally {
    await narrow.close();
  }
});

test("the blocks are composed with the keyboard alone", async () => {
  await page.goto(site.base + "/admin/accueil");
  await page.waitForURL(/\/admin\/connexion/);
  await page.locator("#login-email").focus();
  await page.keyboard.type(site.admin.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(site.admin.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/admin/accueil");
  await checkA11y(page, "/admin/accueil");
  await shot(page, "admin-accueil");
  const order = async () => page.locator(".home-admin-block h2").allInnerTexts();
  assert.equal((await order())[0], "Bandeau d’ouverture");
  // Move the hero down: focus its button, press Enter (a form that posts, no script needed).
  await page.getByRole("button", { name: "Descendre – Bandeau d’ouverture" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/ok=moved/);
  assert.deepEqual((await order()).slice(0, 2), ["Chiffres clés", "Bandeau d’ouverture"]);
  assert.match(await page.locator(".flash").innerText(), /mise à jour/);
  // Hide the figures, then show them again.
  await page.getByRole("button", { name: "Masquer – Chiffres clés" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Afficher – Chiffres clés" }).waitFor();
  await page.goto(site.base + "/");
  assert.equal(await page.locator(".home-figures").count(), 0, "hidden figures are gone from the home");
  await page.goto(site.base + "/admin/accueil");
  await page.getByRole("button", { name: "Afficher – Chiffres clés" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Masquer – Chiffres clés" }).waitFor();
  // A figure typed wrong: the message is next to it and what was typed stays.
  await page.getByRole("link", { name: "Modifier – Chiffres clés" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/admin\/accueil\/figures$/);
  await page.locator("#f-figure-value-2").focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("beaucoup");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".error-summary");
  assert.match(await page.locator("#f-figure-value-2-error").innerText(), /nombre entier/);
  assert.equal(await page.inputValue("#f-figure-value-2"), "beaucoup");
  assert.equal(await page.getAttribute("#f-figure-value-2", "aria-invalid"), "true");
  await checkA11y(page, "figures with an error");
  await shot(page, "admin-accueil-figures-error");
  await page.locator("#f-figure-value-2").fill("350");
  await page.keyboard.press("Enter");
  await page.waitForURL(/ok=saved/);
  await page.goto(site.base + "/");
  assert.match(await page.locator(".home-figures").innerText(), /350/);
  await page.goto(site.base + "/admin/accueil/hero");
  await checkA11y(page, "/admin/accueil/hero");
  await page.getByRole("button", { name: "English" }).click();
  await page.waitForSelector("html[lang=en]");
  await checkA11y(page, "/admin/accueil/hero en");
  await page.goto(site.base + "/admin/accueil");
  await checkA11y(page, "/admin/accueil en");
});
