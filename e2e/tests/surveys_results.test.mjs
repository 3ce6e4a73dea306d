// Surveys' results: staff publish chosen questions of a wave; the public results page with
// its charts and tables, small cells suppressed; the year-over-year and the printable report.
// Every page passes axe, on a wide screen and on a phone.
//
// Until the demo has its barometer, the test writes a small one into the demo's SQLite
// database with the sqlite3 command: a survey whose form (version 1, frozen) has a single
// choice, a multiple choice with "other", a scale and a short text; a closed wave "2025" on
// it in four territories, three with eight responses and one with three.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { useSite, checkA11y, shot } from "../lib.mjs";

const ctx = useSite(() => {});

const q = (id, code, label, kind) => ({ item: "question", id, code, label, help: "", required: false, kind });
const form = {
  items: [
    { item: "section", title: "Votre entreprise", help: "" },
    q(9901, "q1", "Secteur d’activité", { type: "single_choice", choices: ["Industrie", "Services", "Commerce"] }),
    q(9902, "q2", "Pratiques en place", { type: "multiple_choice", choices: ["Tutorat", "Aménagement de poste", "Formation"], other: true }),
    q(9903, "q3", "Confiance dans l’emploi des seniors", { type: "scale", max: 5, low: "Faible", high: "Forte" }),
    q(9904, "q4", "Votre principal frein", { type: "short_text" }),
  ],
};

function seed(dir) {
  const now = Math.floor(Date.now() / 1000);
  const day = now - (now % 86400);
  const sql = [
    `INSERT INTO surveys (id, slug, title, summary, min_cell, created_at, updated_at) VALUES (900, 'barometre-e2e', 'Baromètre des âges', 'Comment les entreprises gèrent les âges de leurs salariés.', 5, ${now}, ${now});`,
    `INSERT INTO forms (id, owner, version, max_question_id, created_at, updated_at) VALUES (900, 'surveys:900', 1, 9904, ${now}, ${now});`,
    `INSERT INTO form_versions (form_id, version, definition, created_at, frozen) VALUES (900, 1, '${JSON.stringify(form).replaceAll("'", "''")}', ${now}, 1);`,
    `INSERT INTO survey_waves (id, survey_id, label, mode, opens_at, closes_at, form_version, opened_at, created_at) VALUES (900, 900, '2025', 'anonymous', ${now - 60 * 86400}, ${now - 86400}, 1, ${now - 60 * 86400}, ${now});`,
  ];
  const sectors = ["Industrie", "Services", "Commerce"];
  const practices = [["Tutorat"], ["Tutorat", "Formation"], ["Aménagement de poste"], ["Formation"]];
  let id = 4_000_000;
  for (let t = 0; t < 4; t++) {
    const club = `(SELECT id FROM clubs ORDER BY id LIMIT 1 OFFSET ${t})`;
    const n = t === 3 ? 3 : 8;
    sql.push(`INSERT INTO survey_wave_territories (wave_id, club_id, complete) VALUES (900, ${club}, ${n});`);
    for (let i = 0; i < n; i++) {
      id += 7919;
      const answers = [
        ["q1", { type: "choice", value: sectors[(i + t) % 3] }],
        ["q2", { type: "choices", value: { selected: practices[(i + t) % 4], ...(i === 0 ? { other: "Mentorat inversé" } : {}) } }],
        ["q3", { type: "scale", value: 1 + ((i * 3 + t) % 5) }],
        ["q4", { type: "text", value: `Frein ${i}` }],
      ];
      sql.push(`INSERT INTO survey_responses (id, wave_id, club_id, version, submitted_on) VALUES (${id}, 900, ${club}, 1, ${day});`);
      for (const [code, value] of answers) {
        sql.push(`INSERT INTO survey_answers (response_id, wave_id, club_id, code, value) VALUES (${id}, 900, ${club}, '${code}', '${JSON.stringify(value).replaceAll("'", "''")}');`);
      }
    }
  }
  execFileSync("sqlite3", [join(dir, "essaim.db")], { input: sql.join("\n") });
}

test("staff publish chosen questions; the public results with their charts", async () => {
  const { site, page } = ctx;
  seed(site.dir);
  await page.goto(site.base + "/admin/connexion");
  await page.fill("#login-email", site.admin.email);
  await page.fill("#login-password", site.admin.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname.startsWith("/admin") && !u.pathname.startsWith("/admin/connexion"));

  // Staff: every question, the small territory flagged, the "other" texts; nothing published.
  await page.goto(site.base + "/admin/enquetes/900/vagues/900/resultats");
  assert.ok(await page.isVisible("text=Les résultats de cette vague ne sont pas publiés."));
  assert.ok((await page.locator(".surveys-small").count()) > 0, "small cells flagged");
  assert.equal(await page.locator("svg.chart").count(), 3, "a chart for each question with figures (not the text)");
  await checkA11y(page, "the staff results");
  await shot(page, "surveys-results-staff");

  // Nothing chosen: the message; then q1 and q3 chosen (q3 with the keyboard).
  await page.click("#surveys-publish");
  assert.ok(await page.isVisible("#erreurs"));
  await checkA11y(page, "the staff results with an error");
  await page.check("#publier-q1");
  await page.focus("#publier-q3");
  await page.keyboard.press("Space");
  assert.ok(await page.isChecked("#publier-q3"));
  await page.click("#surveys-publish");
  await page.waitForURL((u) => u.search.includes("ok=published"));
  assert.ok(await page.isVisible("text=Les résultats sont publiés."));
  await checkA11y(page, "the published results (staff)");

  // The public page, as a visitor.
  const visitor = await (await ctx.browser.newContext({ locale: "fr-FR" })).newPage();
  await visitor.goto(site.base + "/enquetes/barometre-e2e/resultats");
  assert.ok(await visitor.isVisible("h2 >> text=Secteur d’activité"));
  assert.ok(await visitor.isVisible("h2 >> text=Confiance dans l’emploi des seniors"));
  assert.equal(await visitor.locator("text=Pratiques en place").count(), 0, "q2 not published");
  assert.equal(await visitor.locator("text=Mentorat inversé").count(), 0);
  assert.equal(await visitor.locator("svg.chart[role=img]").count(), 2);
  assert.ok((await visitor.locator("td.surveys-suppressed").count()) > 0, "the territory of three responses is suppressed");
  assert.ok(await visitor.locator("text=moins de 5 réponses").first().isVisible());
  await checkA11y(visitor, "the public results page");
  await shot(visitor, "surveys-results-public");

  // On a phone: nothing wider than the screen (tables scroll in their own box).
  await visitor.setViewportSize({ width: 320, height: 640 });
  await visitor.reload();
  const overflow = await visitor.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await checkA11y(visitor, "the public results page on a phone");
  await shot(visitor, "surveys-results-phone");
  await visitor.setViewportSize({ width: 1280, height: 800 });

  await visitor.click("text=Évolution d’une vague à l’autre");
  await visitor.waitForURL((u) => u.pathname.endsWith("/resultats/evolution"));
  assert.equal(await visitor.locator("svg.chart[role=img]").count(), 2);
  await checkA11y(visitor, "the public year-over-year");
  await shot(visitor, "surveys-results-evolution");

  await visitor.goto(site.base + "/enquetes/barometre-e2e/resultats/rapport");
  assert.equal(await visitor.locator(".site-header").count(), 0, "no navigation in the report");
  await visitor.emulateMedia({ media: "print" });
  assert.ok(await visitor.isHidden("text=Retour aux résultats"));
  await visitor.emulateMedia({ media: "screen" });
  await checkA11y(visitor, "the printable report");
  await shot(visitor, "surveys-results-report");

  const api = await (await fetch(site.base + "/api/v1/surveys/barometre-e2e/results")).json();
  assert.deepEqual(api.data[0].questions.map((q) => q.code), ["q1", "q3"]);
  await visitor.context().close();
});
