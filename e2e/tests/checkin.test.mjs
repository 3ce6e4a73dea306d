// An organiser checks someone in: a visitor books a seat and opens their tickets, then the
// network's administrator finds them at the door, ticks "ID checked" and checks them in with
// the keyboard only; the ticket's address then says "already", and a forged code is refused.
// axe checks every page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, page;
useSite((c) => ({ site, page } = c));

let code = "";
let scanUrl = "";

test("a visitor books a seat and opens the ticket page", async () => {
  await page.goto(site.base + "/evenements/ceremonie-concours-quartiers");
  await page.getByLabel("Votre nom").fill("Hélène Côté");
  await page.getByLabel("Votre adresse e-mail").fill("helene@exemple.fr");
  await page.getByRole("group", { name: "Restez-vous au cocktail après la cérémonie ?" }).getByLabel("Non").check();
  await page.getByRole("button", { name: "M’inscrire" }).click();
  await page.waitForURL(/\/evenements\/inscription\//);
  await page.getByRole("link", { name: "Voir et imprimer mes billets" }).click();
  await page.waitForURL(/\/billet$/);
  assert.ok(await page.getByText("Pièce d’identité demandée à l’entrée").isVisible());
  code = (await page.locator("code.ticket-code").first().textContent()).trim();
  assert.match(code, /^T1\.\d+\.[A-Za-z0-9_-]{22}$/);
  assert.equal(await page.locator("svg[role=img]").count(), 1);
  await checkA11y(page, "ticket page");
  await shot(page, "ticket");
  await page.setViewportSize({ width: 320, height: 800 });
  await checkA11y(page, "ticket page at 320 px");
  await shot(page, "ticket-320");
});

test("the organiser checks the person in with the keyboard", async () => {
  scanUrl = site.base + "/admin/evenements/accueil/scan?code=" + encodeURIComponent(code);
  await page.goto(scanUrl);
  await page.waitForURL(/\/admin\/connexion\?suite=/);
  await page.locator("#login-email").fill(site.admin.email);
  await page.locator("#login-password").fill(site.admin.password);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/admin\/evenements\/accueil\/scan\?code=/);
  await checkA11y(page, "scan page, ticket to confirm");
  await shot(page, "checkin-scan-320");
  await page.getByRole("link", { name: "Retour à l’accueil de l’événement" }).click();
  await page.waitForURL(/\/admin\/evenements\/\d+\/accueil$/);
  const expected = Number(await page.locator("[data-count=expected]").textContent());
  const present = Number(await page.locator("[data-count=present]").textContent());
  await checkA11y(page, "check-in page at 320 px");
  await page.setViewportSize({ width: 1024, height: 800 });
  await checkA11y(page, "check-in page");
  await shot(page, "checkin");

  // Search, with the keyboard only (no accents, capitals).
  await page.locator("#checkin-q").focus();
  await page.keyboard.type("HELENE cote");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\?q=HELENE/);
  assert.ok(await page.getByRole("heading", { name: "1 résultat" }).isVisible());
  // Forget the ID box first: the error is said and linked.
  await page.getByRole("button", { name: "Marquer présent·e – Hélène Côté" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector(".error-summary");
  await checkA11y(page, "check-in page with an error");
  await shot(page, "checkin-error");
  // Tick the box and check in, keyboard only.
  await page.getByRole("checkbox", { name: "Pièce d’identité vérifiée – Hélène Côté" }).focus();
  await page.keyboard.press("Space");
  assert.ok(await page.getByRole("checkbox", { name: "Pièce d’identité vérifiée – Hélène Côté" }).isChecked());
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForURL(/ok=checked/);
  assert.ok(await page.getByText("Hélène Côté est enregistré·e comme présent·e.").isVisible());
  assert.equal(Number(await page.locator("[data-count=present]").textContent()), present + 1);
  assert.equal(Number(await page.locator("[data-count=expected]").textContent()), expected - 1);
  assert.ok(await page.getByText("pièce d’identité vérifiée").isVisible());
  await checkA11y(page, "check-in page after a check-in");
  await shot(page, "checkin-done");
});

test("the ticket again says already; a forged code is refused", async () => {
  await page.goto(scanUrl);
  assert.ok(await page.getByText(/Déjà enregistré·e à/).isVisible());
  assert.equal(await page.getByRole("button", { name: "Marquer présent·e" }).count(), 0);
  await checkA11y(page, "scan page, already checked in");
  await shot(page, "checkin-already");
  const forged = code.replace(/\.(\d+)\./, (_, n) => "." + (Number(n) + 1) + ".");
  const r = await page.goto(site.base + "/admin/evenements/accueil/scan?code=" + encodeURIComponent(forged));
  assert.equal(r.status(), 422);
  assert.ok(await page.getByRole("alert").getByText(/Billet refusé/).isVisible());
  await checkA11y(page, "scan page, forged code");
  await shot(page, "checkin-forged");
  // The refused code stays in the field; corrected, it leads to the same check.
  assert.equal(await page.locator("#checkin-code").inputValue(), forged);
  await page.locator("#checkin-code").fill("");
  await page.locator("#checkin-code").focus();
  await page.keyboard.type(code);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.ok(page.url().endsWith(encodeURIComponent(code)) || page.url().endsWith(code));
  assert.ok(await page.getByText(/Déjà enregistré·e à/).isVisible());
});
