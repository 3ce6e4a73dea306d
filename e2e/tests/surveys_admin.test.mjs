// Staff's back office of the surveys: the administrator creates a survey (a bad first try kept
// with its errors), a wave in two territories, opens it (the questionnaire is written with
// sqlite3: its editor is another part's), imports invitations from a CSV file (one line
// rejected, with why), sends them and follows the progress, then sees each invitation's
// e-mail in the outbox with its own link. axe checks every page, also at a phone's width.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, page;
useSite((c) => ({ site, page } = c));

function sql(statement) {
  return execFileSync("sqlite3", ["-cmd", ".timeout 5000", join(site.dir, "essaim.db"), statement], { encoding: "utf8" }).trim();
}

let surveyId, waveId;

test("the administrator creates a survey and a wave", async () => {
  await page.goto(site.base + "/admin/connexion");
  await page.fill("#login-email", site.admin.email);
  await page.fill("#login-password", site.admin.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/admin");
  await page.locator('a[href="/admin/enquetes"]').first().click();
  await page.waitForURL((u) => u.pathname === "/admin/enquetes");
  await checkA11y(page, "/admin/enquetes");
  await page.getByRole("link", { name: "Nouvelle enquête" }).click();
  // A first try without a title: the errors show, what was typed stays.
  await page.fill("#f-summary", "Comment les entreprises gèrent les âges");
  await page.fill("#f-min_cell", "0");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForSelector("#erreurs");
  assert.equal(await page.inputValue("#f-summary"), "Comment les entreprises gèrent les âges");
  await checkA11y(page, "new survey with errors");
  await page.fill("#f-title", "Baromètre e2e");
  await page.fill("#f-min_cell", "5");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForURL(/\/admin\/enquetes\/\d+\?ok=created/);
  surveyId = /\/admin\/enquetes\/(\d+)/.exec(page.url())[1];
  await checkA11y(page, "survey settings");

  await page.getByRole("link", { name: "Nouvelle vague" }).click();
  await page.waitForURL(/\/vagues\/nouvelle$/);
  await checkA11y(page, "new wave");
  await page.fill("#f-label", "2026");
  await page.getByLabel("Pseudonyme").check();
  await page.getByLabel("Passerelles Seine-Saint-Denis", { exact: true }).check();
  await page.getByLabel("Passerelles Métropole de Lyon", { exact: true }).check();
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForURL(/\/vagues\/\d+\?ok=created/);
  waveId = /\/vagues\/(\d+)/.exec(page.url())[1];
  // Without a question, opening is refused with a message.
  await page.getByRole("button", { name: "Ouvrir la vague" }).click();
  await page.waitForSelector("#refus");
  assert.match(await page.locator("#refus").innerText(), /aucune question/);
  await checkA11y(page, "wave, open refused");
  const now = Math.floor(Date.now() / 1000);
  const def = JSON.stringify({ items: [{ item: "question", id: 990001, code: "q1", label: "Avez-vous un référent seniors ?", kind: { type: "yes_no" } }] });
  sql(`INSERT INTO forms (owner, version, max_question_id, created_at, updated_at) VALUES ('surveys:${surveyId}', 1, 990001, ${now}, ${now})`);
  sql(`INSERT INTO form_versions (form_id, version, definition, created_at) SELECT id, 1, '${def.replace(/'/g, "''")}', ${now} FROM forms WHERE owner = 'surveys:${surveyId}'`);
  await page.goto(`${site.base}/admin/enquetes/${surveyId}/vagues/${waveId}`);
  await page.getByRole("button", { name: "Ouvrir la vague" }).click();
  await page.waitForURL(/\?ok=opened/);
  assert.match(await page.locator(".surveys-wave-state").innerText(), /version 1/);
  assert.ok(await page.locator("input[name=mode]").first().isDisabled(), "the mode is locked once opened");
  await checkA11y(page, "wave, opened");
  await shot(page, "surveys-admin-wave");
});

test("staff import invitations from a CSV file and send them, seeing the progress", async () => {
  await page.goto(`${site.base}/admin/enquetes/${surveyId}/vagues/${waveId}/invitations`);
  await checkA11y(page, "invitations, empty");
  const file = join(site.dir, "invitations.csv");
  writeFileSync(
    file,
    "\ufeffnom;e-mail;territoire;secteur\n" +
      "Atelier Dupuis;dupuis@entreprises.example;seine-saint-denis;Industrie\n" +
      "Boulangerie Martin;martin@entreprises.example;Passerelles Métropole de Lyon;Commerce\n" +
      "Sans adresse;pas-une-adresse;seine-saint-denis;\n",
  );
  await page.setInputFiles("#f-file", file);
  await page.getByRole("button", { name: "Importer" }).click();
  await page.waitForSelector("#rapport-import");
  assert.match(await page.locator("#rapport-import").innerText(), /2 lignes acceptées, 1 lignes refusées/);
  assert.match(await page.locator("#rapport-import").innerText(), /adresse e-mail invalide/);
  assert.equal(await page.locator("table.surveys-invitations tbody tr").count(), 2);
  await checkA11y(page, "invitations, import report");
  await shot(page, "surveys-admin-import");

  await page.getByRole("button", { name: "Envoyer les invitations" }).click();
  await page.waitForURL(/\/envois\/\d+$/);
  assert.equal(await page.locator("progress#send-progress").count(), 1, "a real progress bar");
  assert.equal(await page.locator('[role=status][aria-live="polite"]').count(), 1);
  await checkA11y(page, "send progress");
  await page.waitForFunction(() => /Terminé/.test(document.querySelector("#send-status")?.textContent || ""), null, { timeout: 60000 });
  const [value, max] = await page.locator("progress#send-progress").evaluate((b) => [b.value, b.max]);
  assert.ok(max === 2 && value === 2, `the bar ends full (${value}/${max})`);
  await checkA11y(page, "send done");
  await shot(page, "surveys-admin-send");

  // Each invitation's e-mail goes out with its own link.
  const dir = join(site.dir, "outbox");
  let links = [];
  for (let i = 0; i < 300 && links.length < 2; i++) {
    links = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".eml"))
          .map((f) => readFileSync(join(dir, f), "utf8").replace(/=\r?\n/g, ""))
          .filter((t) => t.includes("entreprises.example"))
          .map((t) => /\/enquetes\/reponse\/([A-Za-z0-9_.-]+)/.exec(t)?.[1])
          .filter(Boolean)
      : [];
    if (links.length < 2) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(new Set(links).size, 2, "two e-mails, two different links");

  // The list says who was invited; at a phone's width nothing overflows the page.
  await page.goto(`${site.base}/admin/enquetes/${surveyId}/vagues/${waveId}/invitations`);
  assert.equal(await page.locator("td", { hasText: "Pas encore envoyée" }).count(), 0);
  await page.setViewportSize({ width: 320, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scroll at 320 px (${overflow})`);
  await checkA11y(page, "invitations at 320 px");
  await shot(page, "surveys-admin-invitations-phone");
  await page.setViewportSize({ width: 1280, height: 800 });
});
