// The newsroom end to end: a visitor's comment waits for moderation; a club editor signs in,
// publishes a post with a picture and approves the comment; both appear on the public site.
// Then the network's back office, as its administrator, passes axe page by page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEssaim, launchBrowser, checkA11y, shot } from "../lib.mjs";

/** A real picture to upload: one of the site's own, downloaded. */
async function somePicture() {
  const html = await (await fetch(site.base + "/actualites")).text();
  const src = /src="(\/media\/[^"?]+\.jpg)/.exec(html)[1];
  return Buffer.from(await (await fetch(site.base + src)).arrayBuffer());
}

let site, browser, visitor, editor, admin;
const COMMENT = "Un commentaire à modérer, merci pour le forum";
let postPath;

before(async () => {
  site = await startEssaim();
  browser = await launchBrowser();
  visitor = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  editor = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  admin = await (await browser.newContext({ locale: "fr-FR" })).newPage();
});

after(async () => {
  await browser?.close();
  await site?.stop();
});

async function signIn(page, who) {
  await page.goto(site.base + "/admin/connexion");
  await page.fill("#login-email", who.email);
  await page.fill("#login-password", who.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname.startsWith("/admin") && !u.pathname.startsWith("/admin/connexion"));
}

test("a visitor comments on a club's post", async () => {
  await visitor.goto(site.base + "/actualites/club/seine-saint-denis");
  await visitor.locator("li.card h3 a").first().click();
  postPath = new URL(visitor.url()).pathname;
  await visitor.fill("#comment-name", "Samia");
  await visitor.fill("#comment-email", "samia@example.org");
  await visitor.fill("#comment-body", COMMENT);
  await visitor.getByRole("button", { name: "Publier le commentaire" }).click();
  assert.match(await visitor.locator(".flash").innerText(), /après relecture/);
  assert.equal(await visitor.getByText(COMMENT).count(), 0, "not public before moderation");
});

test("the club's editor publishes a post with a picture", async () => {
  await signIn(editor, site.editor);
  await editor.goto(site.base + "/admin/articles/nouveau");
  await editor.fill("#f-title", "Forum de l’emploi à Bobigny");
  await editor.fill("#f-body", "## Au programme\n\n- Ateliers CV\n- Rencontres avec des entreprises\n\nEntrée libre.");
  await editor.setInputFiles("#f-new_image", { name: "forum.jpg", mimeType: "image/jpeg", buffer: await somePicture() });
  await editor.fill("#f-new_image_alt", "Des jeunes au forum de l’emploi");
  await editor.check('input[name="publish"][value="publish"]');
  await checkA11y(editor, "editor filled in");
  await editor.getByRole("button", { name: "Enregistrer" }).click();
  await editor.waitForLoadState();
  assert.equal(await editor.locator(".error-summary").count(), 0, "saved without errors");
  await shot(editor, "editor-saved");
});

test("the editor approves the comment", async () => {
  await editor.goto(site.base + "/admin/commentaires?statut=pending");
  const row = editor.locator("tr", { hasText: COMMENT });
  assert.equal(await row.count(), 1);
  await row.locator('button[value^="approve:"]').click();
  await editor.waitForLoadState();
  assert.equal(await editor.locator("tr", { hasText: COMMENT }).count(), 0, "no longer pending");
});

test("both appear on the public site", async () => {
  await visitor.goto(site.base + "/actualites");
  const card = visitor.locator("li.card", { hasText: "Forum de l’emploi à Bobigny" });
  assert.equal(await card.count(), 1, "the new post leads the archive");
  await card.locator("h3 a").click();
  assert.equal(await visitor.locator("h1").innerText(), "Forum de l’emploi à Bobigny");
  assert.equal(await visitor.locator('img[alt="Des jeunes au forum de l’emploi"]').count(), 1);
  assert.equal(await visitor.locator(".prose li").count(), 2);
  await visitor.goto(site.base + postPath);
  assert.equal(await visitor.getByText(COMMENT).count(), 1, "the approved comment is public");
});

test("the network's back office passes axe", async () => {
  await signIn(admin, site.admin);
  const pages = [
    "/admin/reseau",
    "/admin/reseau/clubs",
    "/admin/reseau/clubs/nouveau",
    "/admin/reseau/partenaires",
    "/admin/reseau/partenaires/nouveau",
    "/admin/reseau/contacts",
    "/admin/reseau/contacts/nouveau",
    "/admin/reseau/personnes",
    "/admin/reseau/personnes/nouvelle",
    "/admin/reseau/jetons",
    "/admin/reseau/jetons/nouveau",
  ];
  for (const path of pages) {
    const r = await admin.goto(site.base + path);
    assert.equal(r.status(), 200, path);
    await checkA11y(admin, path);
  }
  // A form sent empty shows its errors, and still passes.
  await admin.goto(site.base + "/admin/reseau/contacts/nouveau");
  await admin.locator("main form button[type=submit]").last().click();
  await admin.waitForSelector(".error-summary");
  await checkA11y(admin, "contact form with errors");
  await shot(admin, "admin-contact-errors");
});
