// Staff: sign in with the keyboard, then every back-office page of the news, with and
// without form errors, is checked by axe (WCAG 2.1 A and AA).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, page;
useSite((c) => ({ site, page } = c));

test("sign in with the keyboard, errors first", async () => {
  await page.goto(site.base + "/admin/articles");
  await page.waitForURL(/\/admin\/connexion\?suite=/);
  await checkA11y(page, "login");
  await page.locator("#login-email").focus();
  await page.keyboard.type(site.editor.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type("wrong password");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".error-summary");
  await checkA11y(page, "login with an error");
  await page.locator("#login-password").focus();
  await page.keyboard.type(site.editor.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/admin/articles");
});

test("back-office pages pass axe", async () => {
  for (const path of ["/admin", "/admin/articles", "/admin/articles/nouveau", "/admin/pages", "/admin/pages/nouveau", "/admin/medias", "/admin/commentaires?statut=pending"]) {
    await page.goto(site.base + path);
    await checkA11y(page, path);
    await shot(page, "admin" + path.replace(/[^a-z]+/g, "-"));
  }
});

test("the editor with errors, then a preview", async () => {
  await page.goto(site.base + "/admin/articles/nouveau");
  await page.getByLabel("Texte", { exact: true }).fill("Un texte **gardé**");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForSelector(".error-summary");
  assert.equal(await page.getByLabel("Texte", { exact: true }).inputValue(), "Un texte **gardé**");
  await checkA11y(page, "editor with errors");
  await shot(page, "admin-editor-errors");
  await page.getByLabel("Titre", { exact: true }).fill("Essai d’aperçu");
  await page.getByRole("button", { name: "Aperçu" }).click();
  await page.waitForSelector(".preview");
  await checkA11y(page, "editor preview");
  await shot(page, "admin-editor-preview");
});

test("the media library with an error", async () => {
  await page.goto(site.base + "/admin/medias");
  await page.getByRole("button", { name: "Envoyer" }).click();
  await page.waitForSelector(".error-summary");
  await checkA11y(page, "media with an error");
});

test("categories, as the network's administrator", async () => {
  await page.goto(site.base + "/");
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await page.goto(site.base + "/admin/connexion?suite=/admin/categories");
  await page.locator("#login-email").fill(site.admin.email);
  await page.locator("#login-password").fill(site.admin.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/admin/categories");
  await checkA11y(page, "categories");
  await page.goto(site.base + "/admin/pages/nouveau");
  await checkA11y(page, "new page as admin");
  // The audit journal: the editor's views above are in it; then a filter with an error.
  for (const path of ["/admin/journal", "/admin/journal?du=2024-02-30"]) {
    await page.goto(site.base + path);
    await checkA11y(page, path);
  }
  // A person's data, with the keyboard: a bad address gets its message next to the field,
  // then a real one shows what is held, with the export and the erasure (which asks first).
  await page.goto(site.base + "/admin/donnees-personnelles");
  await checkA11y(page, "a person's data");
  await page.locator("#f-email").focus();
  await page.keyboard.type("pas-une-adresse");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#f-email-error");
  await checkA11y(page, "a person's data with an error");
  await page.locator("#f-email").fill(site.admin.email);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#found-title");
  await checkA11y(page, "a person's data found");
  await page.getByRole("button", { name: "Effacer définitivement" }).click();
  await page.waitForSelector("#f-confirm-error");
  await checkA11y(page, "erasure without its confirmation");
  await shot(page, "admin-people");
});
