// The calls' managers' back office: a club editor creates a call with a category, a stage and
// two criteria, and a question of its form; a network administrator reads the applications of
// last year's demo competition, filters the possible duplicates, opens an application and its
// printable dossier. Every page passes axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, checkA11y, shot } from "../lib.mjs";

const ctx = useSite(() => {});

async function signIn(page, base, who) {
  await page.goto(base + "/admin/connexion");
  await page.fill("#login-email", who.email);
  await page.fill("#login-password", who.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname.startsWith("/admin") && !u.pathname.startsWith("/admin/connexion"));
}

test("a manager creates a call with a category, a stage and two criteria", async () => {
  const { site, page } = ctx;
  await signIn(page, site.base, site.editor);
  await page.goto(site.base + "/admin/appels");
  await checkA11y(page, "the calls list");
  await page.getByRole("link", { name: "Nouvel appel" }).click();
  await page.waitForURL((u) => u.pathname === "/admin/appels/nouveau");
  await checkA11y(page, "the new call form");

  // Errors first: no title, a deadline before the opening.
  await page.fill("#f-opens_at", "2031-01-10T09:00");
  await page.fill("#f-closes_at", "2031-01-01T09:00");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForSelector(".error-summary");
  assert.match(await page.locator(".error-summary").innerText(), /La date limite doit suivre l’ouverture/);
  assert.equal(await page.inputValue("#f-closes_at"), "2031-01-01T09:00");
  await checkA11y(page, "the call form with errors");
  await shot(page, "calls-admin-errors");

  await page.fill("#f-title", "Prix des initiatives 93");
  await page.fill("#f-closes_at", "2031-03-15T12:00");
  await page.fill("#f-summary", "Le prix des associations de Seine-Saint-Denis.");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForURL((u) => /^\/admin\/appels\/\d+$/.test(u.pathname));
  assert.match(await page.locator(".flash").innerText(), /Appel créé/);
  await checkA11y(page, "the call's page");
  const callPath = new URL(page.url()).pathname;

  // A category sponsored by a partner.
  await page.getByRole("link", { name: "Catégories" }).click();
  await checkA11y(page, "the categories");
  await page.fill("#f-name", "Jeunesse");
  await page.fill("#f-prize", "3 000 €");
  await page.selectOption("#f-sponsor_id", { label: "Numalia" });
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForURL((u) => u.pathname.endsWith("/categories"));
  assert.equal(await page.locator("tr", { hasText: "Jeunesse" }).count(), 1);
  assert.match(await page.locator("tr", { hasText: "Jeunesse" }).innerText(), /Numalia/);

  // A question of the call's form.
  await page.getByRole("link", { name: "Formulaire" }).click();
  await checkA11y(page, "the call's form");
  await page.fill("#f-label", "Nombre de jeunes accompagnés");
  await page.selectOption("#f-kind", "number");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForURL((u) => u.pathname.endsWith("/formulaire"));
  assert.equal(await page.locator("tr", { hasText: "Nombre de jeunes accompagnés" }).count(), 1);

  // A blind stage and its two criteria.
  await page.getByRole("link", { name: "Étapes et grilles" }).click();
  await checkA11y(page, "the stages");
  await page.fill("#f-name", "Jury départemental");
  await page.getByLabel("Les jurés de cette étape ne voient pas les éléments qui identifient les candidats").check();
  await page.getByLabel("Les numéros SIRET et RNA").check();
  await page.getByRole("button", { name: "Ajouter l’étape" }).click();
  await page.waitForURL((u) => /\/etapes\/\d+$/.test(u.pathname));
  await checkA11y(page, "a stage");
  for (const [name, weight] of [["Utilité sociale", "3"], ["Faisabilité", "1"]]) {
    await page.fill("#f-c-name", name);
    await page.fill("#f-c-weight", weight);
    await page.fill("#f-c-level-5", "Excellent");
    await page.getByRole("button", { name: "Enregistrer" }).nth(1).click();
    await page.waitForLoadState("load");
  }
  assert.equal(await page.locator("#h-criteria + .table-scroll tbody tr").count(), 2);
  await checkA11y(page, "a stage with its rubric");
  await shot(page, "calls-admin-stage");

  await page.goto(site.base + callPath + "/candidatures");
  await checkA11y(page, "an empty applications list");
});

test("a network administrator reads last year's applications, duplicates and a dossier", async () => {
  const { site, browser } = ctx;
  const page = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await signIn(page, site.base, site.admin);
  await page.goto(site.base + "/admin/appels");
  await page.getByRole("link", { name: "Trophées de l’inclusion 2025", exact: true }).click();
  await page.getByRole("link", { name: "Candidatures" }).first().click();
  await page.waitForURL((u) => u.pathname.endsWith("/candidatures"));
  assert.match(await page.locator("#h-list").innerText(), /150 candidatures/);
  await checkA11y(page, "the applications list");
  await shot(page, "calls-admin-applications");

  await page.getByLabel("Seulement les doublons possibles (même SIRET ou même e-mail)").check();
  await page.getByRole("button", { name: "Filtrer" }).click();
  await page.waitForURL((u) => u.search.includes("doublons=1"));
  assert.match(await page.locator("#h-list").innerText(), /2 candidatures/);
  await checkA11y(page, "the duplicates");

  await page.locator("tbody th a").first().click();
  await page.waitForURL((u) => /\/candidatures\/\d+$/.test(u.pathname));
  assert.ok(await page.getByRole("heading", { name: "Historique des décisions" }).isVisible());
  await checkA11y(page, "an application");
  await page.getByRole("link", { name: "Dossier imprimable" }).click();
  await page.waitForURL((u) => u.pathname.endsWith("/dossier"));
  await checkA11y(page, "a printable dossier");
  await page.close();
});
