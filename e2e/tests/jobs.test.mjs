// The job queue's staff page: the administrator starts an import, finds it among the jobs and
// follows it to its end; every page passes axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { useSite, checkA11y, shot } from "../lib.mjs";

const EXPORT = fileURLToPath(new URL("../../../shared/fixtures/wordpress/themeunittestdata.wordpress.xml", import.meta.url));

let site, page;
useSite((c) => ({ site, page } = c));

test("the administrator signs in and finds the jobs page", async () => {
  await page.goto(site.base + "/admin/connexion");
  await page.fill("#login-email", site.admin.email);
  await page.fill("#login-password", site.admin.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/admin");
  await page.getByRole("link", { name: "Tâches", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/admin/taches");
  await checkA11y(page, "jobs page, empty");
});

test("an import is listed among the jobs and followed to its end", async () => {
  await page.goto(site.base + "/admin/import");
  await page.setInputFiles("#f-file", EXPORT);
  await page.getByRole("button", { name: "Lancer l’import" }).click();
  await page.waitForURL(/\/admin\/import\/taches\/\d+$/);
  const id = /\/(\d+)$/.exec(page.url())[1];
  await page.goto(site.base + "/admin/taches");
  const link = page.locator(`a[href="/admin/taches/${id}"]`);
  assert.equal(await link.count(), 1, "the import is listed");
  assert.match(await link.innerText(), /Import WordPress/);
  await checkA11y(page, "jobs page");
  await link.click();
  await page.waitForURL((u) => u.pathname === `/admin/taches/${id}`);
  assert.equal(await page.locator("progress#job-progress").count(), 1, "a real progress bar");
  assert.equal(await page.locator('[role=status][aria-live="polite"]').count(), 1);
  await checkA11y(page, "job page");
  // The script polls the job and reloads the page when it ends.
  await page.waitForSelector('#job-status:has-text("Terminée")', { timeout: 120000 });
  await checkA11y(page, "job page, done");
  await shot(page, "admin-job-done");
  await page.getByRole("link", { name: "Voir le résultat" }).click();
  await page.waitForURL(/\/admin\/import\/rapports\/\d+$/);
});
