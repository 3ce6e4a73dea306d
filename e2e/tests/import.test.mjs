// The WordPress import from the back office: the administrator uploads the theme unit test
// export, follows the progress, then reads the report; every page passes axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { useSite, checkA11y, shot } from "../lib.mjs";

const EXPORT = fileURLToPath(new URL("../../../shared/fixtures/wordpress/themeunittestdata.wordpress.xml", import.meta.url));
// The export lives in ../shared/fixtures, beside the repository: without it the upload test
// says it is skipped and why, except in CI (CI is set), which always has it.
if (!existsSync(EXPORT) && process.env.CI) throw new Error(`${EXPORT} is missing: CI needs ../shared/fixtures beside the repository`);
const needsExport = existsSync(EXPORT) ? {} : { skip: `${EXPORT} is missing (the WordPress fixtures live in ../shared/fixtures)` };

let site, page;
useSite((c) => ({ site, page } = c));

test("the administrator signs in and finds the import", async () => {
  await page.goto(site.base + "/admin/connexion");
  await page.fill("#login-email", site.admin.email);
  await page.fill("#login-password", site.admin.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/admin");
  await page.getByRole("link", { name: "Import", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/admin/import");
  await checkA11y(page, "import page");
  // Sent without a file: the message is next to the field.
  await page.getByRole("button", { name: "Lancer l’import" }).click();
  await page.waitForSelector("#f-file-error");
  await checkA11y(page, "import page with an error");
  await shot(page, "admin-import-error");
});

test("an upload shows its progress, then its report", needsExport, async () => {
  await page.goto(site.base + "/admin/import");
  await page.setInputFiles("#f-file", EXPORT);
  await page.getByRole("button", { name: "Lancer l’import" }).click();
  await page.waitForURL(/\/admin\/import\/taches\/\d+$/);
  const bar = page.locator("progress#import-progress");
  assert.equal(await bar.count(), 1, "a real progress bar");
  assert.equal(await page.locator('[role=status][aria-live="polite"]').count(), 1);
  await checkA11y(page, "progress page");
  // The script polls the job and shows the summary at the end.
  await page.waitForSelector("#summary-title", { timeout: 120000 });
  const [value, max] = await bar.evaluate((b) => [b.value, b.max]);
  assert.ok(max > 0 && value === max, `the bar ends full (${value}/${max})`);
  assert.match(await page.locator("#import-status").innerText(), /Import terminé/);
  await checkA11y(page, "progress page, finished");
  await shot(page, "admin-import-done");
  await page.getByRole("link", { name: "Ouvrir le rapport complet" }).click();
  await page.waitForURL(/\/admin\/import\/rapports\/\d+$/);
  const posts = page.locator("table.import-report tr", { hasText: "Articles" });
  const created = Number((await posts.locator("td").first().innerText()).replace(/\s/g, ""));
  assert.ok(created > 10, `posts created: ${created}`);
  assert.ok(await page.locator(".import-warnings li").count() > 0, "the warnings are listed");
  await checkA11y(page, "report");
  await shot(page, "admin-import-report");
  // The report is listed on the import page.
  await page.goto(site.base + "/admin/import");
  assert.equal(await page.locator('a[href^="/admin/import/rapports/"]').count(), 1);
});
