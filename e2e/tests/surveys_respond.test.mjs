// A respondent answers an anonymous barometer over two visits through their invitation's
// link, on a phone's screen, partly with the keyboard alone: the first page states the
// guarantee, a first visit answers section 1 and saves at section 2, a second visit (another
// browser) resumes there, meets an error kept next to its field, reviews and sends; the link
// then says it was used. axe checks every page. The survey is written with SQL (the back
// office is another part's) and the invitation's link is signed as core::access signs it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { join } from "node:path";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, browser;
useSite((c) => ({ site, browser } = c));

/** Run SQL on the site's SQLite database. */
function sql(statement) {
  return execFileSync("sqlite3", ["-cmd", ".timeout 5000", join(site.dir, "essaim.db"), statement], { encoding: "utf8" }).trim();
}

const PHONE = { viewport: { width: 320, height: 640 }, locale: "fr-FR", isMobile: true, hasTouch: true };

let seeded;

/** A barometer with one open anonymous wave (open link too) in one territory, and an
 * invitation's link; written once. */
function seed() {
  if (!seeded) seeded = write();
  return seeded;
}

function write() {
  const now = Math.floor(Date.now() / 1000);
  const club = sql("SELECT id FROM clubs WHERE slug = 'seine-saint-denis'");
  sql(`INSERT INTO surveys (slug, club_id, title, summary, intro, min_cell, created_at, updated_at)
       VALUES ('barometre-e2e', NULL, 'Baromètre des âges', 'Comment les entreprises gèrent les âges.', 'Merci de **prendre dix minutes**.', 5, ${now}, ${now})`);
  const survey = sql("SELECT id FROM surveys WHERE slug = 'barometre-e2e'");
  const q = (id, code, label, kind) => ({ item: "question", id, code, label, help: "", required: false, condition: null, kind });
  const def = {
    items: [
      { item: "section", title: "Votre entreprise", help: "" },
      q(900001, "q1", "Secteur d’activité", { type: "single_choice", choices: ["Industrie", "Services", "Commerce"] }),
      q(900002, "q2", "Pratiques en place", { type: "multiple_choice", choices: ["Tutorat", "Mentorat inversé", "Retraite progressive"], other: true }),
      q(900004, "q4", "Effectif", { type: "number", min: 0 }),
      { item: "section", title: "Vos pratiques", help: "" },
      q(900003, "q3", "Confiance dans l’avenir", { type: "scale", max: 5, low: "Faible", high: "Forte" }),
      q(900007, "q7", "Votre principal frein", { type: "short_text" }),
    ],
  };
  const json = JSON.stringify(def).replace(/'/g, "''");
  sql(`INSERT INTO forms (owner, version, max_question_id, created_at, updated_at) VALUES ('surveys:${survey}', 1, 900007, ${now}, ${now})`);
  const form = sql(`SELECT id FROM forms WHERE owner = 'surveys:${survey}'`);
  sql(`INSERT INTO form_versions (form_id, version, definition, created_at, frozen) VALUES (${form}, 1, '${json}', ${now}, 1)`);
  sql(`INSERT INTO survey_waves (survey_id, label, mode, opens_at, closes_at, form_version, opened_at, open_link, created_at)
       VALUES (${survey}, '2026', 'anonymous', ${now - 86400}, ${now + 30 * 86400}, 1, ${now}, 1, ${now})`);
  const wave = sql(`SELECT id FROM survey_waves WHERE survey_id = ${survey}`);
  sql(`INSERT INTO survey_wave_territories (wave_id, club_id, quota) VALUES (${wave}, ${club}, NULL)`);
  sql(`INSERT INTO survey_invitations (wave_id, club_id, name, email, created_at) VALUES (${wave}, ${club}, 'Atelier Martin', 'contact@atelier-martin.example', ${now})`);
  const invitation = sql(`SELECT id FROM survey_invitations WHERE wave_id = ${wave}`);
  const nonce = "e2e-nonce-of-the-survey";
  sql(`INSERT INTO access_links (scope, subject_id, email, nonce, created_at, expires_at)
       VALUES ('surveys.invitation', ${invitation}, 'contact@atelier-martin.example', '${nonce}', ${now}, ${now + 365 * 86400})`);
  const link = sql(`SELECT id FROM access_links WHERE nonce = '${nonce}'`);
  const secret = sql("SELECT value FROM settings WHERE key = 'secret_key'");
  const tag = createHmac("sha256", secret).update(`access-link\0${link}\0surveys.invitation\0${invitation}\0${nonce}`).digest("base64url");
  return { url: `${site.base}/enquetes/reponse/${link}.${tag}`, invitation };
}

test("a respondent answers over two visits by their link, on a phone, partly by keyboard", async () => {
  const { url, invitation } = seed();

  // The public pages.
  const visit1 = await (await browser.newContext(PHONE)).newPage();
  await visit1.goto(site.base + "/enquetes");
  assert.ok(await visit1.getByRole("link", { name: "Baromètre des âges", exact: true }).isVisible());
  await checkA11y(visit1, "/enquetes");
  await visit1.getByRole("link", { name: "Baromètre des âges", exact: true }).click();
  await visit1.waitForURL(/\/enquetes\/barometre-e2e$/);
  assert.ok(await visit1.getByText(/Vous pouvez répondre jusqu’au .*\(heure de Paris\)/).isVisible());
  await checkA11y(visit1, "/enquetes/{slug}");
  await shot(visit1, "surveys-survey");

  // First visit: the guarantee, then section 1 by keyboard alone.
  await visit1.goto(url);
  assert.ok(await visit1.getByText("Cette enquête est anonyme", { exact: false }).first().isVisible());
  assert.ok(await visit1.getByText(/aucun lien entre vos réponses et votre invitation/).isVisible());
  await checkA11y(visit1, "first page");
  await shot(visit1, "surveys-first-page");
  await visit1.getByRole("link", { name: "Commencer" }).focus();
  await visit1.keyboard.press("Enter");
  await visit1.waitForURL(/\/partie\/1(#.*)?$/);
  assert.ok(await visit1.getByText("Section 1 sur 2").isVisible());
  await checkA11y(visit1, "section 1");
  await visit1.getByLabel("Industrie").focus();
  await visit1.keyboard.press("Space");
  await visit1.keyboard.press("ArrowDown");
  assert.ok(await visit1.getByLabel("Services").isChecked(), "arrows move the choice");
  await visit1.getByLabel("Tutorat").focus();
  await visit1.keyboard.press("Space");
  await visit1.keyboard.press("Tab");
  await visit1.keyboard.press("Tab");
  await visit1.keyboard.press("Space");
  assert.ok(await visit1.getByLabel("Retraite progressive").isChecked(), "Tab then Space ticks a box");
  await visit1.getByLabel("Effectif").focus();
  await visit1.keyboard.type("42");
  await visit1.keyboard.press("Enter");
  await visit1.waitForURL(/\/partie\/2(#.*)?$/);
  assert.ok(await visit1.getByText("Section 2 sur 2").isVisible());
  await checkA11y(visit1, "section 2");
  await shot(visit1, "surveys-section");
  await visit1.getByLabel("4", { exact: true }).check();
  await visit1.getByRole("button", { name: "Enregistrer et continuer plus tard" }).focus();
  await visit1.keyboard.press("Enter");
  await visit1.waitForSelector("text=Vos réponses sont enregistrées.");
  await checkA11y(visit1, "saved");
  assert.equal(sql(`SELECT page FROM survey_drafts WHERE invitation_id = ${invitation}`), "1");
  // The page fits the phone's width.
  assert.ok(await visit1.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), "no sideways scrolling at 320 px");
  await visit1.context().close();

  // Second visit, another browser: resume at section 2, everything kept.
  const visit2 = await (await browser.newContext(PHONE)).newPage();
  await visit2.goto(url);
  await visit2.getByRole("link", { name: "Reprendre à la section 2 sur 2" }).click();
  await visit2.waitForURL(/\/partie\/2(#.*)?$/);
  assert.ok(await visit2.getByLabel("4", { exact: true }).isChecked());
  await visit2.getByRole("button", { name: "Précédent" }).click();
  await visit2.waitForURL(/\/partie\/1(#.*)?$/);
  assert.ok(await visit2.getByLabel("Services").isChecked());
  assert.ok(await visit2.getByLabel("Tutorat").isChecked());
  assert.equal(await visit2.getByLabel("Effectif").inputValue(), "42");
  // A mistake: kept, with its message next to the field.
  await visit2.getByLabel("Effectif").fill("quarante");
  await visit2.getByRole("button", { name: "Suivant" }).click();
  await visit2.waitForSelector(".error-summary");
  assert.equal(await visit2.getByLabel("Effectif").inputValue(), "quarante");
  assert.ok(await visit2.getByText("Indiquez un nombre, par exemple 2 ou 2,5.").first().isVisible());
  await checkA11y(visit2, "section 1 with an error");
  await shot(visit2, "surveys-error");
  await visit2.getByLabel("Effectif").fill("40");
  await visit2.getByRole("button", { name: "Suivant" }).click();
  await visit2.waitForURL(/\/partie\/2(#.*)?$/);
  await visit2.getByLabel("Votre principal frein").fill("Le recrutement des plus de 55 ans");
  await visit2.getByRole("button", { name: "Relire mes réponses" }).click();
  await visit2.waitForURL(/\/relecture(#.*)?$/);
  assert.ok(await visit2.getByText("Le recrutement des plus de 55 ans").isVisible());
  await checkA11y(visit2, "review");
  await shot(visit2, "surveys-review");
  await visit2.getByRole("button", { name: "Envoyer" }).click();
  await visit2.waitForSelector("text=Vous avez déjà répondu, merci");
  await checkA11y(visit2, "answered");
  assert.equal(sql("SELECT COUNT(*) FROM survey_responses"), "1");
  assert.equal(sql("SELECT COUNT(*) FROM survey_drafts"), "0");
  assert.equal(sql(`SELECT state FROM survey_invitations WHERE id = ${invitation}`), "answered");
  await visit2.context().close();
});

test("the open link: a territory, a key to come back with, on a phone", async () => {
  seed();
  const page = await (await browser.newContext(PHONE)).newPage();
  await page.goto(site.base + "/enquetes/barometre-e2e");
  await page.getByRole("link", { name: "Répondre" }).click();
  await page.waitForURL(/\/enquetes\/barometre-e2e\/repondre$/);
  await checkA11y(page, "open link start");
  // No territory: the message next to the field.
  await page.getByRole("button", { name: "Commencer" }).click();
  await page.waitForSelector(".error-summary");
  assert.ok(await page.getByText("Choisissez votre territoire dans la liste.").first().isVisible());
  await checkA11y(page, "open link start with an error");
  await page.getByLabel("Passerelles Seine-Saint-Denis").focus();
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "Commencer" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/enquetes\/barometre-e2e\/reponse\/[A-Za-z0-9_-]{43}(#.*)?$/);
  const address = page.url().split("#")[0];
  assert.ok(await page.getByText(/aucun lien entre vos réponses|rien qui vous identifie/).isVisible());
  await checkA11y(page, "open link first page");
  await page.getByRole("link", { name: "Commencer" }).click();
  await page.getByLabel("Commerce").check();
  await page.getByRole("button", { name: "Enregistrer et continuer plus tard" }).click();
  await page.waitForSelector("text=Vos réponses sont enregistrées.");
  assert.ok(await page.getByRole("link", { name: address }).isVisible(), "the address to come back to");
  await checkA11y(page, "open link saved");
  await shot(page, "surveys-open-saved");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), "no sideways scrolling at 320 px");
  // Coming back by the address, in another browser.
  const other = await (await browser.newContext(PHONE)).newPage();
  await other.goto(address);
  await other.getByRole("link", { name: "Reprendre à la section 1 sur 2" }).click();
  assert.ok(await other.getByLabel("Commerce").isChecked());
  await other.context().close();
  await page.context().close();
});
