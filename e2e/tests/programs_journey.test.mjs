// Youth programs, the whole journey in a browser: a parent applies for her daughter on the
// public form (and meets the age error first); staff select the application, which e-mails
// the guardian's link; the guardian gives the authorisation by that link (read from the
// outbox); staff place the participant in the sessions to come, then the session's lead takes
// attendance on a phone with the keyboard alone; every page passes axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, browser;
useSite((c) => ({ site, browser } = c));

function sql(statement) {
  return execFileSync("sqlite3", ["-cmd", ".timeout 5000", join(site.dir, "essaim.db"), statement], { encoding: "utf8" }).trim();
}

const PHONE = { viewport: { width: 390, height: 800 }, locale: "fr-FR", isMobile: true, hasTouch: true };

async function signIn(page) {
  await page.goto(site.base + "/admin/connexion");
  await page.fill("#login-email", site.admin.email);
  await page.fill("#login-password", site.admin.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => !u.pathname.startsWith("/admin/connexion"));
}

test("a parent applies, the guardian consents by the link, staff place her and take attendance on a phone", async () => {
  // 1. The parent, on the program's page, applies.
  const parent = await (await browser.newContext(PHONE)).newPage();
  await parent.goto(`${site.base}/programmes/exploratrices-du-numerique`);
  await parent.getByRole("link", { name: "Candidater" }).click();
  await parent.waitForURL(/\/candidater/);
  await checkA11y(parent, "the application form");
  await parent.getByRole("radio", { name: /Passerelles Seine-Saint-Denis/ }).check();
  await parent.getByRole("radio", { name: "Un parent ou responsable légal" }).check();
  await parent.getByLabel("Prénom").fill("Louise");
  await parent.getByLabel("Nom", { exact: true }).fill("Ferrand");
  const start = Number(sql("SELECT starts_on FROM cohorts c JOIN clubs k ON k.id = c.club_id WHERE k.slug = 'seine-saint-denis' ORDER BY starts_on DESC LIMIT 1"));
  const startYear = new Date(start * 1000).getUTCFullYear();
  // Twelve on the first day: refused next to the date of birth, the rest kept.
  await parent.getByLabel(/Date de naissance/).fill(`${startYear - 12}-01-15`);
  await parent.getByRole("radio", { name: "Fille" }).check();
  await parent.getByLabel("Nom du responsable légal").fill("Hélène Ferrand");
  await parent.getByLabel("Adresse électronique du responsable légal").fill("helene.ferrand@famille.test");
  await parent.getByRole("button", { name: "Envoyer la candidature" }).click();
  await parent.waitForSelector("#erreurs");
  assert.match(await parent.locator("#erreurs").innerText(), /de 14 à 17 ans au premier jour de la promotion/);
  assert.equal(await parent.getByLabel("Nom du responsable légal").inputValue(), "Hélène Ferrand");
  await checkA11y(parent, "the application form with its error");
  // Fifteen on the first day.
  await parent.getByLabel(/Date de naissance/).fill(`${startYear - 15}-01-15`);
  await parent.getByRole("button", { name: "Envoyer la candidature" }).click();
  await parent.waitForURL(/\/candidater\/merci/);
  assert.match(await parent.locator("main").innerText(), /La candidature au programme Exploratrices du numérique est bien arrivée/);
  await checkA11y(parent, "the thanks page");
  await shot(parent, "programs-applied");
  const id = sql("SELECT id FROM participants WHERE last_name = 'Ferrand'");
  assert.equal(sql(`SELECT status || ' ' || age_at_start || ' ' || applied_by FROM participants WHERE id = ${id}`), "applied 15 parent");
  await parent.context().close();

  // 2. Staff select her on the cohort's page: the guardian's link is e-mailed.
  const staff = await (await browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 900 } })).newPage();
  await signIn(staff);
  await staff.goto(`${site.base}/admin/programmes`);
  await checkA11y(staff, "the cohorts");
  // This school year's cohort comes first (last year's is below it).
  await staff.getByRole("row", { name: /Seine-Saint-Denis/ }).first().getByRole("link").click();
  await staff.getByRole("button", { name: "Retenir – Louise Ferrand" }).click();
  await staff.waitForURL(/ok=selected/);
  assert.match(await staff.locator("#flash").innerText(), /les demandes d’autorisation sont parties/);
  await checkA11y(staff, "the cohort's page");
  await shot(staff, "programs-cohort");

  // 3. The guardian opens the link and authorises.
  const body = sql(`SELECT text_body FROM mail_outbox WHERE dedup_key LIKE 'programs:consent:${id}:guardian:%'`);
  const link = new URL(body.match(/https?:\/\/\S+\/programmes\/autorisation\/\S+/)[0]).pathname;
  const guardian = await (await browser.newContext(PHONE)).newPage();
  await guardian.goto(site.base + link);
  await checkA11y(guardian, "the guardian's page");
  await guardian.locator("#f-participation").getByRole("radio", { name: "J’accepte" }).check();
  await guardian.locator("#f-image").getByRole("radio", { name: "Je refuse" }).check();
  await guardian.getByRole("button", { name: /Enregistrer/ }).click();
  await guardian.waitForURL(/\?ok=1/);
  assert.equal(sql(`SELECT COUNT(*) FROM participant_consents WHERE participant_id = ${id} AND kind = 'participation' AND granted = 1`), "1");
  await guardian.context().close();

  // 4. Staff place her in the sessions to come, from her record.
  await staff.goto(`${site.base}/admin/programmes/participantes/${id}`);
  await checkA11y(staff, "her record");
  await staff.getByRole("button", { name: "Inscrire aux séances à venir" }).click();
  await staff.waitForURL(/ok=placed/);
  const placed = Number(sql(`SELECT COUNT(*) FROM session_places WHERE participant_id = ${id}`));
  assert.ok(placed > 0, "placed in the sessions to come");
  const session = sql(`SELECT s.id FROM session_places p JOIN cohort_sessions s ON s.id = p.session_id WHERE p.participant_id = ${id} ORDER BY s.starts_at LIMIT 1`);
  // Attendance opens on the session's day: before it, the page lists who is placed only.
  await staff.goto(`${site.base}/admin/programmes/seances/${session}`);
  assert.match(await staff.locator("main").innerText(), /Les présences se saisissent le jour de la séance/);
  assert.equal(await staff.locator(`#f-a-${id}`).count(), 0);
  // The session's day has come: it began a few minutes ago.
  sql(`UPDATE cohort_sessions SET starts_at = strftime('%s', 'now') - 600, ends_at = strftime('%s', 'now') + 6600 WHERE id = ${session}`);

  // 5. The session's lead takes attendance on a phone, with the keyboard alone.
  const lead = await (await browser.newContext({ ...PHONE, storageState: await staff.context().storageState() })).newPage();
  await lead.goto(`${site.base}/admin/programmes/seances/${session}`);
  await checkA11y(lead, "the attendance page on a phone");
  const width = await lead.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scroll (${width} px)`);
  await lead.locator(`#f-a-${id}`).focus();
  await lead.keyboard.type("1402");
  // Tab walks through the time's segments, then to the departure.
  for (let i = 0; i < 3 && (await lead.evaluate(() => document.activeElement.id)) === `f-a-${id}`; i++) await lead.keyboard.press("Tab");
  assert.equal(await lead.evaluate(() => document.activeElement.id), `f-d-${id}`);
  await lead.keyboard.type("1600");
  await lead.getByRole("button", { name: "Enregistrer les présences" }).focus();
  await lead.keyboard.press("Enter");
  await lead.waitForURL(/ok=saved/);
  const line = lead.locator("fieldset", { hasText: "Louise Ferrand" });
  assert.match(await line.innerText(), /14h02 – 16h00 \(118 min\)/);
  // The times come back in the fields, so that saving again keeps them.
  assert.equal(await lead.locator(`#f-a-${id}`).inputValue(), "14:02");
  await checkA11y(lead, "the attendance page, saved");
  await shot(lead, "programs-attendance");
  await lead.context().close();
  await staff.context().close();
});
