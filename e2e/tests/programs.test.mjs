// Youth programs: the program's public page on a phone (axe, no sideways scroll), then the
// demo's fourteen-year-old who is pending her own consent opens the link e-mailed to her (read
// from the outbox), meets the error of an empty answer, and gives her consent with the
// keyboard alone; the page then says so, and the database has her consent with the text's
// version.
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

const PHONE = { viewport: { width: 320, height: 640 }, locale: "fr-FR", isMobile: true, hasTouch: true };

test("the program's public page names its clubs and counts, on a phone", async () => {
  const page = await (await browser.newContext(PHONE)).newPage();
  await page.goto(`${site.base}/programmes`);
  await checkA11y(page, "/programmes");
  await page.getByRole("link", { name: "Exploratrices du numérique" }).click();
  await page.waitForURL(/\/programmes\/exploratrices-du-numerique$/);
  await checkA11y(page, "the program's page");
  const text = await page.locator("main").innerText();
  assert.match(text, /Passerelles Seine-Saint-Denis, depuis septembre 2023/);
  assert.match(text, /participantes inscrites cette année/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `no sideways scroll (${width} px)`);
  await shot(page, "programs-public");
  await page.context().close();
});

test("a girl under 15 gives her own consent by her link, with the keyboard alone", async () => {
  const body = sql("SELECT text_body FROM mail_outbox WHERE dedup_key LIKE 'programs:consent:%:participant:%' ORDER BY id LIMIT 1");
  const link = body.match(/https?:\/\/\S+\/programmes\/accord\/\S+/);
  assert.ok(link, `the outbox has her link: ${body}`);
  const path = new URL(link[0]).pathname;
  const token = path.split("/").pop();
  const participant = sql(`SELECT subject_id FROM access_links WHERE scope = 'programs.participant' ORDER BY id LIMIT 1`);
  assert.equal(sql(`SELECT COUNT(*) FROM participant_consents WHERE participant_id = ${participant} AND kind = 'own'`), "0");

  const page = await (await browser.newContext(PHONE)).newPage();
  await page.goto(`${site.base}${path}`);
  await checkA11y(page, "her consent page");
  assert.equal(await page.locator("input[type=radio]:checked").count(), 0, "nothing ticked beforehand");
  // Sent without an answer: the summary says so and takes the focus.
  await page.getByRole("button", { name: "Enregistrer mes réponses" }).click();
  await page.waitForSelector("#erreurs");
  assert.match(await page.locator("#erreurs").innerText(), /Choisissez au moins une réponse/);
  await checkA11y(page, "her consent page with its error");

  // The keyboard alone: into the first answer, "J'accepte", then the signed name, then send.
  await page.goto(`${site.base}${path}`);
  const accept = page.getByRole("radio", { name: "J’accepte" });
  await accept.focus();
  await page.keyboard.press("Space");
  assert.ok(await accept.isChecked());
  // A group of radios is one stop: the next is the signed name, prefilled.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "f-signer");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\?ok=1(#erreurs)?$/);
  const text = await page.locator("main").innerText();
  assert.match(text, /Tes réponses sont enregistrées/);
  assert.match(text, /Accord donné le .* \(texte, version 1\)/);
  await checkA11y(page, "her consent page, answered");
  await shot(page, "programs-consent");
  assert.equal(sql(`SELECT COUNT(*) FROM participant_consents WHERE participant_id = ${participant} AND kind = 'own' AND granted = 1 AND withdrawn_at IS NULL`), "1");
  assert.ok(token.length > 10);
  await page.context().close();
});
