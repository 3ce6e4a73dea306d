// A juror opens their link, declares their conflicts of interest, reviews an application
// (an incomplete submission first), and only then sees another juror's scores and note;
// axe checks every page. The jury is seeded through the calls module's own functions
// (examples/calls_jury_seed.rs) into the site's database once the site runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { useSite, checkA11y, shot } from "../lib.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "../..");

/** The seed binary: next to ESSAIM_BIN (`examples/`), built when missing. */
function seedBin() {
  if (process.env.ESSAIM_JURY_SEED_BIN) return process.env.ESSAIM_JURY_SEED_BIN;
  const bin = process.env.ESSAIM_BIN ? join(dirname(process.env.ESSAIM_BIN), "examples/calls_jury_seed") : join(repo, "target/debug/examples/calls_jury_seed");
  if (!existsSync(bin)) execFileSync("cargo", ["build", "--quiet", "--example", "calls_jury_seed"], { cwd: repo, stdio: "inherit" });
  return bin;
}

let site, page;
useSite((c) => ({ site, page } = c));

async function declareAll(token, application) {
  await page.goto(`${site.base}/appels/jury/${token}`);
  assert.ok(await page.getByRole("heading", { name: /Conflits d’intérêts/ }).isVisible());
  await checkA11y(page, "declaration");
  await shot(page, "jury-declaration");
  // Nothing else opens before the declaration.
  await page.goto(`${site.base}/appels/jury/${token}/dossiers/${application}`);
  assert.ok(await page.getByRole("heading", { name: /Conflits d’intérêts/ }).isVisible(), "the dossier waits for the declaration");
  const choices = page.getByRole("radio", { name: "Pas de conflit" });
  for (let i = 0; i < (await choices.count()); i++) await choices.nth(i).check();
  await page.getByRole("button", { name: "Enregistrer mes déclarations" }).click();
  await page.waitForSelector("text=sur 3 évaluées");
}

async function score(levelValue) {
  const groups = page.locator('fieldset[id^="s-"]');
  for (let i = 0; i < (await groups.count()); i++) await groups.nth(i).locator(`input[value="${levelValue}"]`).check();
}

test("a juror declares, reviews, and only then sees the others' scores", async () => {
  const seeded = JSON.parse(
    execFileSync(seedBin(), ["3", "2", "2", "undeclared"], { env: { ...process.env, ESSAIM_DATA_DIR: site.dir }, encoding: "utf8" }),
  );
  const [[, first], [, second]] = seeded.jurors;

  // The second juror reviews "Projet solidaire n° 1" first.
  await declareAll(second, seeded.applications[0]);
  await page.getByRole("link", { name: "Projet solidaire n° 1" }).click();
  await score(4);
  await page.getByLabel("2 – moyenne").check();
  await page.getByLabel("Note pour le jury").fill("Très convaincant, équipe solide");
  await page.getByRole("button", { name: "Envoyer mon évaluation" }).click();
  await page.waitForSelector("text=Évaluation envoyée.");

  // The first juror: the queue, then the dossier without any peer's review.
  await declareAll(first, seeded.applications[0]);
  await checkA11y(page, "queue");
  await shot(page, "jury-queue");
  await page.getByRole("link", { name: "Projet solidaire n° 1" }).click();
  assert.equal(await page.getByText("Très convaincant, équipe solide").count(), 0, "no peer before one's own review");
  assert.equal(await page.getByRole("heading", { name: "Les évaluations des autres membres du jury" }).count(), 0);
  await checkA11y(page, "dossier");
  await shot(page, "jury-dossier");

  // Submitting without scores: the summary, what was typed kept, still no peer.
  await page.getByLabel("Note pour le jury").fill("À revoir avec le budget");
  await page.getByRole("button", { name: "Envoyer mon évaluation" }).click();
  await page.waitForSelector(".error-summary");
  await checkA11y(page, "review with errors");
  assert.equal(await page.getByLabel("Note pour le jury").inputValue(), "À revoir avec le budget");
  assert.equal(await page.getByText("Très convaincant, équipe solide").count(), 0);

  await score(3);
  await page.getByLabel("3 – élevée").check();
  await page.getByRole("button", { name: "Envoyer mon évaluation" }).click();
  await page.waitForSelector("text=Évaluation envoyée.");
  assert.ok(await page.getByRole("heading", { name: "Les évaluations des autres membres du jury" }).isVisible());
  assert.ok(await page.getByText("Très convaincant, équipe solide").isVisible(), "the peer's note after one's own review");
  assert.ok(await page.getByRole("cell", { name: "4" }).first().isVisible(), "the peer's scores");
  await checkA11y(page, "dossier after review");
  await shot(page, "jury-peers");
  await page.setViewportSize({ width: 320, height: 800 });
  await checkA11y(page, "dossier at 320 px");
  await page.setViewportSize({ width: 1280, height: 800 });
});
