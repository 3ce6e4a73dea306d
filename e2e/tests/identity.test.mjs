// The network's visual identity: its back-office page (French and English, with a refused
// colour, at 320 px), and the public pages that wear it (the home, a club with its colour).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, page;
useSite((c) => ({ site, page } = c));

async function noSidewaysScroll(label) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const viewport = page.viewportSize().width;
  assert.ok(width <= viewport, `${label}: ${width} px wide in a ${viewport} px window`);
}

test("the public pages wear the demo's identity", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(site.base + "/");
  const logo = page.locator("header .brand img.brand-logo");
  assert.equal(await logo.getAttribute("alt"), "Réseau Passerelles");
  assert.ok(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--brand").trim() === "#0b5d5b"));
  await checkA11y(page, "home with the identity");
  await shot(page, "identity-home-1280");
  await page.goto(site.base + "/clubs/lyon-metropole");
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).getPropertyValue("--club-accent").trim()), "#6b2d8c");
  await checkA11y(page, "a club with its colour");
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 800 });
    for (const path of ["/", "/clubs/lyon-metropole"]) {
      await page.goto(site.base + path);
      await noSidewaysScroll(`${path} at ${width} px`);
    }
    await page.goto(site.base + "/");
    await shot(page, `identity-home-${width}`);
  }
});

test("the identity page, in French and English, with a refused colour", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(site.base + "/admin/connexion?suite=/admin/reseau/identite");
  await page.locator("#login-email").fill(site.admin.email);
  await page.locator("#login-password").fill(site.admin.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/admin/reseau/identite");
  await checkA11y(page, "identity page");
  await shot(page, "identity-admin-1280");
  await page.locator("#f-primary").fill("#f0a020");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForSelector(".error-summary");
  assert.match(await page.locator("#f-primary-error").innerText(), /Contraste 2,1:1 avec le blanc ; 4,5:1 au moins/);
  assert.equal(await page.locator("#f-primary").inputValue(), "#f0a020");
  await checkA11y(page, "identity page with an error");
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 800 });
    await noSidewaysScroll(`identity page with an error at ${width} px`);
    await shot(page, `identity-admin-errors-${width}`);
  }
  await page.goto(site.base + "/admin/reseau/identite");
  await noSidewaysScroll("identity page at 320 px");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator("form.lang button").click();
  await page.waitForURL((u) => u.pathname === "/admin/reseau/identite");
  assert.equal(await page.locator("h1").innerText(), "Visual identity");
  await checkA11y(page, "identity page in English");
  await page.setViewportSize({ width: 320, height: 800 });
  await noSidewaysScroll("identity page in English at 320 px");
  // A valid change shows on the site at once.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator("#f-primary").fill("#5a2a82");
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForURL((u) => u.search.includes("ok=saved"));
  await checkA11y(page, "identity page saved");
  await page.goto(site.base + "/");
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--brand").trim()), "#5a2a82");
});
