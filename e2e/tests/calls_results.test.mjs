// Calls: a manager ranks, decides each stage and publishes the results; the public results
// page shows the laureates, their presentation and the fingerprint. Every page passes axe.
//
// Until the demo has its competition (the `manage` part), the test writes a small one into
// the demo's SQLite database with the sqlite3 command: a closed call with two sponsored
// categories, a first jury that advances and a grand jury that names the laureates, six
// submitted applications with their districts, and the first jury's submitted reviews.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { useSite, checkA11y, shot } from "../lib.mjs";

const ctx = useSite(() => {});

function seed(dir) {
  const now = Math.floor(Date.now() / 1000);
  const apps = [];
  for (let i = 0; i < 6; i++) {
    const category = (i % 2) + 1;
    apps.push(
      `INSERT INTO call_applications (id, call_id, reference, email, status, project_title, summary, org_name, district_id, category_id, project_url, video_url, eligibility, created_at, updated_at, submitted_at)
       VALUES (${9000 + i}, 900, 'A900-000${i + 1}', 'porteur${i}@e2e.example', 'submitted', 'Projet ${["Jardins partagés", "Repair café", "Cantine solidaire", "Atelier vélo", "Soutien scolaire", "Radio de quartier"][i]}',
       'Ce que fait le projet ${i}, en quelques lignes.', 'Association ${i}', 900, (SELECT id FROM call_categories WHERE call_id = 900 AND position = ${category - 1}),
       'https://projet${i}.example', ${i === 0 ? "'https://www.youtube.com/watch?v=dQw4w9WgXcQ'" : "''"}, 'eligible', ${now}, ${now}, ${now});
       INSERT INTO call_application_districts (application_id, position, district_id, name) VALUES (${9000 + i}, 0, 901, '');
       INSERT INTO call_assignments (id, stage_id, application_id, juror_id, conflict, created_at) VALUES (${9000 + i}, 900, ${9000 + i}, 900, 'none', ${now});
       INSERT INTO call_reviews (assignment_id, status, feedback, updated_at, submitted_at) VALUES (${9000 + i}, 'submitted', 'Remarque ${i}', ${now}, ${now});
       INSERT INTO call_scores (assignment_id, criterion_id, score) VALUES (${9000 + i}, 900, ${5 - (i % 5)});`,
    );
  }
  const sql = `
    INSERT INTO districts (id, code, name, town, priority, created_at) VALUES (900, 'QN09399X', 'Les Courtillières', 'Pantin', 1, ${now}), (901, NULL, 'Quatre-Chemins', 'Aubervilliers', 1, ${now});
    INSERT INTO calls (id, slug, title, summary, status, opens_at, closes_at, created_at, updated_at)
      VALUES (900, 'trophees-e2e', 'Trophées de l’engagement', 'Le concours des projets de quartier.', 'published', ${now - 90 * 86400}, ${now - 30 * 86400}, ${now}, ${now});
    INSERT INTO call_categories (call_id, position, name, prize, sponsor_id) VALUES (900, 0, 'Emploi', '5 000 €', (SELECT MIN(id) FROM partners)), (900, 1, 'Éducation', '5 000 €', (SELECT MAX(id) FROM partners));
    INSERT INTO call_stages (id, call_id, position, name, decides, advance_count) VALUES (900, 900, 1, 'Premier jury', 'advance', 4), (901, 900, 2, 'Grand jury', 'laureates', NULL);
    INSERT INTO call_criteria (id, stage_id, position, name, weight) VALUES (900, 900, 0, 'Impact', 1);
    INSERT INTO call_jurors (id, stage_id, email, name, created_at) VALUES (900, 900, 'jure@e2e.example', 'Juré', ${now});
    ${apps.join("\n")}
  `;
  execFileSync("sqlite3", [join(dir, "essaim.db")], { input: sql });
}

test("a manager ranks, decides, publishes; the results page", async () => {
  const { site, page } = ctx;
  seed(site.dir);
  await page.goto(site.base + "/admin/connexion");
  await page.fill("#login-email", site.admin.email);
  await page.fill("#login-password", site.admin.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname.startsWith("/admin") && !u.pathname.startsWith("/admin/connexion"));

  await page.goto(site.base + "/admin/appels/900/etapes/900/classement");
  assert.ok(await page.isVisible("text=Moyenne normalisée"));
  await checkA11y(page, "the ranking");
  await shot(page, "calls-ranking");

  // The first jury: the form's errors, then the four best go on.
  await page.goto(site.base + "/admin/appels/900/etapes/900/decision");
  await page.click("#calls-decide");
  assert.ok(await page.isVisible("#erreurs"));
  await checkA11y(page, "the decision's errors");
  for (const id of [9000, 9001, 9005, 9002]) await page.check(`input[name=advance][value="${id}"]`);
  await page.fill("#f-rationale", "Les quatre dossiers les mieux classés.");
  await page.click("#calls-decide");
  await page.waitForURL((u) => u.search.includes("ok=decided"));
  assert.ok(await page.isVisible("text=Les quatre dossiers les mieux classés."));
  assert.equal(await page.locator("#f-rationale").count(), 0, "locked");
  await checkA11y(page, "the recorded decision");
  await shot(page, "calls-decision");

  // The grand jury: one laureate per category, a mention.
  await page.goto(site.base + "/admin/appels/900/etapes/901/decision");
  const selects = page.locator("select");
  await selects.nth(0).selectOption("9000");
  await selects.nth(1).selectOption("9001");
  await page.check('input[name=mention][value="9002"]');
  await page.fill("#f-rationale", "Unanimité.");
  await page.click("#calls-decide");
  await page.waitForURL((u) => u.search.includes("ok=decided"));

  await page.goto(site.base + "/admin/appels/900/publier");
  await checkA11y(page, "the publication's preview");
  await page.click("#calls-publish");
  await page.waitForURL((u) => u.search.includes("ok=published"));
  await checkA11y(page, "the published versions");

  // The public page, as a visitor: the API gives the page's fingerprint, the SHA-256 of its body without it.
  const visitor = await (await ctx.browser.newContext({ locale: "fr-FR" })).newPage();
  await visitor.goto(site.base + "/appels/trophees-e2e/resultats");
  const fingerprint = (await visitor.textContent("#empreinte")).trim();
  const served = await (await fetch(site.base + "/api/v1/calls/trophees-e2e/results")).text();
  assert.equal(JSON.parse(served).fingerprint, fingerprint);
  const body = served.replace(`,"fingerprint":"${fingerprint}"}`, "}");
  assert.equal(createHash("sha256").update(body, "utf8").digest("hex"), fingerprint);
  assert.ok(await visitor.isVisible("text=Projet Jardins partagés"));
  assert.ok(await visitor.isVisible("text=Les Courtillières"));
  assert.equal(await visitor.locator("figure.embed").count(), 1, "the video waits for a click");
  await checkA11y(visitor, "the results page");
  await shot(visitor, "calls-results");
  await visitor.context().close();
});
