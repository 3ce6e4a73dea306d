// The form kit's editor, as the surveys mount it: a club editor builds a survey's questionnaire
// with the keyboard alone (a yes/no question, a matrix, a question on a condition), meets an
// error shown next to its field with what was typed, and previews the form as respondents see
// it, the conditional question appearing with its answer. Every page passes axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { useSite, checkA11y, shot } from "../lib.mjs";

const ctx = useSite(() => {});

/** Run SQL on the site's SQLite database (the surveys' own pages are another part's). */
function sql(statement) {
  return execFileSync("sqlite3", ["-cmd", ".timeout 5000", join(ctx.site.dir, "essaim.db"), statement], { encoding: "utf8" }).trim();
}

async function signIn(page, base, who) {
  await page.goto(base + "/admin/connexion");
  await page.fill("#login-email", who.email);
  await page.fill("#login-password", who.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname.startsWith("/admin") && !u.pathname.startsWith("/admin/connexion"));
}

/** Type into a field reached by the keyboard (focus, select what is there, type). */
async function type(page, selector, text) {
  await page.focus(selector);
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  if (text) await page.keyboard.type(text);
}

/** Choose an option of a select with the arrow keys, by its visible text. */
async function choose(page, selector, label) {
  await page.focus(selector);
  await page.keyboard.press("Home");
  for (let i = 0; i < 20; i++) {
    const text = await page.$eval(selector, (s) => s.options[s.selectedIndex].text);
    if (text.startsWith(label)) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`no option "${label}" in ${selector}`);
}

/** Send the item form with Enter from its first text field; wait for the page that follows. */
async function save(page) {
  await page.focus("#f-label");
  await Promise.all([page.waitForLoadState("load"), page.waitForNavigation(), page.keyboard.press("Enter")]);
}

test("a club editor builds a survey's questionnaire by keyboard, with a matrix and a condition", async () => {
  const { site, page } = ctx;
  const now = Math.floor(Date.now() / 1000);
  const id = sql(
    `INSERT INTO surveys (slug, club_id, title, created_at, updated_at) VALUES ('barometre-e2e', ` +
      `(SELECT id FROM clubs WHERE slug = 'seine-saint-denis'), 'Baromètre des âges 93', ${now}, ${now}) RETURNING id;`,
  );
  await signIn(page, site.base, site.editor);
  const base = `${site.base}/admin/enquetes/${id}/formulaire`;
  await page.goto(base);
  assert.equal((await page.locator("h1").innerText()).replace(/[\u00a0\u202f]/g, " ").replace(/[\u2068\u2069]/g, ""), "Questionnaire de « Baromètre des âges 93 »");
  await checkA11y(page, "an empty questionnaire");

  // A yes/no question with a code of one's own.
  await type(page, "#f-label", "Avez-vous un référent seniors ?");
  await choose(page, "#f-kind", "Oui ou non");
  await type(page, "#f-code", "referent");
  await save(page);
  assert.match(await page.locator(".flash").innerText(), /Formulaire enregistré/);

  // A matrix: rows one a line, one with its code, one without. Only the chosen kind's
  // settings show (with JavaScript).
  assert.equal(await page.locator("#f-rows").isVisible(), false);
  await type(page, "#f-label", "Appréciations");
  await choose(page, "#f-kind", "Matrice");
  assert.equal(await page.locator("#f-rows").isVisible(), true);
  assert.equal(await page.locator("#f-choices").isVisible(), false);
  await type(page, "#f-scale_max", "4");
  await type(page, "#f-low", "Pas du tout");
  await type(page, "#f-high", "Tout à fait");
  await type(page, "#f-rows", "recrut: Recrutement des seniors\nFormation continue");
  await save(page);

  // A mistake first: a choice with one option, shown again next to its field.
  await type(page, "#f-label", "Nom du référent");
  await choose(page, "#f-kind", "Choix unique");
  await type(page, "#f-choices", "Une seule option");
  await save(page);
  await page.waitForSelector(".error-summary");
  assert.match(await page.locator("#f-choices-error").innerText(), /au moins deux options/);
  assert.equal(await page.inputValue("#f-label"), "Nom du référent");
  assert.equal(await page.inputValue("#f-choices"), "Une seule option");
  await checkA11y(page, "the item form with an error");
  await shot(page, "forms-editor-error");

  // The question asked only to those who have a referent.
  await choose(page, "#f-kind", "Texte court");
  await choose(page, "#f-cond_question", "Avez-vous un référent seniors ?");
  await choose(page, "#f-cond_test", "est égale à");
  await type(page, "#f-cond_value", "oui");
  await save(page);
  const rows = page.locator(".form-editor-items tbody tr");
  assert.equal(await rows.count(), 3);
  assert.match(await rows.nth(1).innerText(), /appreciations[\s\S]*Recrutement des seniors · Formation continue · 1–4/);
  assert.match((await rows.nth(2).innerText()).replace(/[\u00a0\u202f]/g, " ").replace(/[\u2068\u2069]/g, ""), /Seulement si « Avez-vous un référent seniors \? » = « Oui »/);
  await checkA11y(page, "the questionnaire with three questions");
  await shot(page, "forms-editor");

  // Move the matrix down, by keyboard: the condition's order still holds.
  await page.focus('button[aria-label="Descendre – Appréciations"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.match(await page.locator(".flash").innerText(), /Élément déplacé/);
  assert.match(await rows.nth(2).innerText(), /Appréciations/);

  // The preview: the form as respondents see it; the conditional question shows with "Oui".
  await page.focus("text=Voir le formulaire comme les répondants");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.ok(await page.locator("table.matrix").isVisible());
  const conditional = page.locator(".question", { hasText: "Nom du référent" });
  assert.equal(await conditional.isVisible(), false);
  await page.getByLabel("Oui", { exact: true }).focus();
  await page.keyboard.press("Space");
  assert.equal(await conditional.isVisible(), true);
  await checkA11y(page, "the preview");
  await page.setViewportSize({ width: 320, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  assert.equal(overflow, false, "the preview fits a phone");
  await shot(page, "forms-editor-preview-phone");
  await page.goto(base);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1), false, "the editor fits a phone");
  await page.setViewportSize({ width: 1280, height: 800 });
});
