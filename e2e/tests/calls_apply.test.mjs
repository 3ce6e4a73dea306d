// An applicant applies to a call over two visits: "Candidater" asks an e-mail address, the
// link comes by e-mail (read from the file outbox), a first visit saves a draft, a second
// (another browser) finds everything kept, completes it and sends it, and sees the receipt
// with its reference. axe checks /appels, the call's page, the application page and the receipt.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, page, browser;
useSite((c) => ({ site, page, browser } = c));

/** Run SQL on the site's SQLite database (the calls' back office is another part's). */
function sql(statement) {
  return execFileSync("sqlite3", ["-cmd", ".timeout 5000", join(site.dir, "essaim.db"), statement], { encoding: "utf8" }).trim();
}

/** The decoded text of an .eml file (quoted-printable or base64 parts). */
function decode(eml) {
  let text = eml.replace(/=\r?\n/g, "");
  text = text.replace(/(?:=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ""), "hex").toString("utf8"));
  for (const b64 of eml.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g)) {
    text += "\n" + Buffer.from(b64[1].replace(/\s/g, ""), "base64").toString("utf8");
  }
  return text;
}

/** The access link e-mailed to `email` (waits for the outbox to write it). */
async function linkFor(email) {
  const dir = join(site.dir, "outbox");
  for (let i = 0; i < 300; i++) {
    if (existsSync(dir)) {
      for (const f of readdirSync(dir).filter((f) => f.endsWith(".eml"))) {
        const text = decode(readFileSync(join(dir, f), "utf8"));
        const m = /(\/appels\/candidature\/[A-Za-z0-9_.-]+)/.exec(text);
        if (text.includes(email) && m) return site.base + m[1];
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no link e-mailed to ${email}`);
}

test("an applicant applies over two visits and sees the receipt", async () => {
  const now = Math.floor(Date.now() / 1000);
  sql(`INSERT INTO calls (slug, kind, title, summary, rules, eligibility, status, opens_at, closes_at, created_at, updated_at)
       VALUES ('trophees-e2e', 'competition', 'Trophées de l’inclusion', 'Le concours des projets qui rapprochent.',
       'Un **seul** projet par organisation.', 'Associations et coopératives.', 'published', ${now - 86400}, ${now + 30 * 86400}, ${now}, ${now})`);
  const callId = sql("SELECT id FROM calls WHERE slug = 'trophees-e2e'");
  sql(`INSERT INTO call_categories (call_id, position, name, prize) VALUES (${callId}, 0, 'Emploi', '5 000 €'), (${callId}, 1, 'Éducation', '5 000 €')`);
  sql(`INSERT OR IGNORE INTO districts (code, name, town, priority, created_at) VALUES ('QN09399Z', 'Les Francs-Moisins', 'Saint-Denis', 1, ${now}), (NULL, 'Centre-ville', 'Saint-Denis', 0, ${now})`);

  await page.goto(site.base + "/appels");
  assert.ok(await page.getByRole("link", { name: "Trophées de l’inclusion", exact: true }).isVisible());
  await checkA11y(page, "/appels");
  await shot(page, "calls-list");
  await page.getByRole("link", { name: "Trophées de l’inclusion", exact: true }).click();
  await page.waitForURL(/\/appels\/trophees-e2e$/);
  assert.ok(await page.getByText(/Clôture le .*\(heure de Paris\)/).first().isVisible());
  await checkA11y(page, "/appels/{slug}");
  await shot(page, "calls-call");

  // "Candidater": an e-mail address, then the link by e-mail.
  await page.getByRole("link", { name: "Candidater" }).click();
  await page.getByLabel("Adresse e-mail", { exact: true }).fill("awa@exemple.fr");
  await page.getByLabel("Votre nom (facultatif)").fill("Awa Diallo");
  await page.getByRole("button", { name: "Recevoir mon lien" }).click();
  await page.waitForSelector("text=Consultez votre messagerie");
  await checkA11y(page, "apply: check your mail");
  const link = await linkFor("awa@exemple.fr");

  // First visit: part of the form, saved as a draft.
  await page.goto(link);
  await checkA11y(page, "application page");
  await shot(page, "calls-application");
  await page.getByLabel("Nom de l’organisation").fill("Les Jardins de la Plaine");
  await page.getByLabel("Forme juridique").selectOption("association");
  await page.getByLabel("SIRET", { exact: true }).fill("732 829 320 00074");
  await page.getByLabel("Quartier où le projet est mené").selectOption({ label: "Les Francs-Moisins (Saint-Denis) — quartier prioritaire" });
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await page.waitForSelector("text=Votre brouillon est enregistré.");

  // Second visit, another browser: everything is there.
  const other = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await other.goto(link);
  assert.equal(await other.getByLabel("Nom de l’organisation").inputValue(), "Les Jardins de la Plaine");
  assert.equal(await other.getByLabel("SIRET", { exact: true }).inputValue(), "732 829 320 00074");
  // Sending it incomplete: the errors, in a summary at the top.
  await other.getByRole("button", { name: "Envoyer ma candidature" }).click();
  await other.waitForSelector(".error-summary");
  await checkA11y(other, "application with errors");
  await other.getByLabel("Adresse", { exact: true }).fill("12 rue de la République");
  await other.getByLabel("Code postal").fill("93200");
  await other.getByLabel("Commune", { exact: true }).fill("Saint-Denis");
  await other.getByLabel("Nom et prénom").fill("Awa Diallo");
  await other.getByLabel("Téléphone").fill("01 48 00 00 00");
  await other.getByLabel("Titre du projet").fill("Un potager au pied des tours");
  await other.getByLabel("Le projet en quelques lignes").fill("Des jardins cultivés par les habitants du quartier.");
  await other.getByLabel("Catégorie").selectOption({ label: "Emploi" });
  await other.getByLabel("Centre-ville (Saint-Denis)").check();
  await other.getByRole("button", { name: "Envoyer ma candidature" }).click();
  await other.waitForSelector("text=Candidature envoyée");
  assert.ok(await other.getByText(new RegExp(`référence A${callId}-0001`)).isVisible());
  assert.ok(await other.getByText("En cours d’examen.").isVisible());
  await checkA11y(other, "receipt");
  await shot(other, "calls-receipt");
  await other.context().close();
});
