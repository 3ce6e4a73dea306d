// The organisers' back office for events: a club editor creates an event with the keyboard
// only, finds it listed, sees its registrations and messages pages; every page passes axe,
// with the form's errors too, and fits a 320 px wide screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, checkA11y, shot } from "../lib.mjs";

const ctx = useSite(() => {});

/** Press Tab until the element with this id has the focus. */
async function tabTo(page, id) {
  for (let i = 0; i < 80; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`#${id} never got the focus`);
}

/**
 * Type a date and time into the focused datetime-local input with the keyboard: day, month,
 * year, hours, minutes in French order, or the US order with AM/PM when the browser's own
 * locale is English (headless Chromium's may be, whatever the page's language).
 */
async function typeDateTime(page, id, [d, m, y], [h, min]) {
  await page.keyboard.type(`${d}${m}${y}`);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.type(`${h}${min}`);
  const wanted = `${y}-${m}-${d}T${h}:${min}`;
  if ((await page.inputValue(`#${id}`)) === wanted) return;
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  const h12 = String(((Number(h) + 11) % 12) + 1).padStart(2, "0");
  await page.keyboard.type(`${m}${d}${y}`);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.type(`${h12}${min}`);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.type(Number(h) < 12 ? "A" : "P");
  assert.equal(await page.inputValue(`#${id}`), wanted);
}

async function fitsNarrowScreen(page, label) {
  await page.setViewportSize({ width: 320, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${label} scrolls sideways at 320 px (${overflow} px)`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("an organiser creates an event with the keyboard and sees it listed", async () => {
  const { site, page } = ctx;
  await page.goto(site.base + "/admin/connexion");
  await page.fill("#login-email", site.editor.email);
  await page.fill("#login-password", site.editor.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname.startsWith("/admin") && !u.pathname.startsWith("/admin/connexion"));

  await page.goto(site.base + "/admin/evenements");
  await checkA11y(page, "the events list");
  await fitsNarrowScreen(page, "the events list");
  await shot(page, "events-admin-list");

  // Keyboard only: Tab to the button, Enter, then type and Tab through the form.
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    if ((await page.evaluate(() => document.activeElement?.textContent)) === "Nouvel événement") break;
  }
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/admin/evenements/nouveau");
  await checkA11y(page, "the new event form");
  await fitsNarrowScreen(page, "the new event form");

  // First with an end before the start: errors beside the fields, what was typed kept.
  await tabTo(page, "f-title");
  await page.keyboard.type("Forum de l’emploi à Bobigny");
  await tabTo(page, "f-starts_at");
  await typeDateTime(page, "f-starts_at", ["12", "03", "2031"], ["09", "00"]);
  await tabTo(page, "f-ends_at");
  await typeDateTime(page, "f-ends_at", ["12", "03", "2031"], ["08", "00"]);
  await tabTo(page, "f-place_name");
  await page.keyboard.type("Salle Max Jacob");
  await tabTo(page, "f-capacity");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("25");
  await page.keyboard.press("Enter");
  await page.waitForLoadState("load");
  assert.match(await page.locator(".error-summary").innerText(), /La fin doit être après le début/);
  assert.equal(await page.inputValue("#f-title"), "Forum de l’emploi à Bobigny");
  await checkA11y(page, "the event form with errors");
  await shot(page, "events-admin-form-errors");

  // The error link leads to the field; fix it and save.
  await page.locator(".error-summary a").first().focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "f-ends_at");
  await typeDateTime(page, "f-ends_at", ["12", "03", "2031"], ["12", "30"]);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => /^\/admin\/evenements\/\d+$/.test(u.pathname));
  assert.match(await page.locator(".flash").innerText(), /Événement créé/);
  await checkA11y(page, "the event's page");
  await fitsNarrowScreen(page, "the event's page");
  await shot(page, "events-admin-edit");
  const eventPath = new URL(page.url()).pathname;

  assert.equal(await page.inputValue("#f-ends_at"), "2031-03-12T12:30");
  await page.goto(site.base + "/admin/evenements");
  const row = page.locator("tr", { hasText: "Forum de l’emploi à Bobigny" });
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /0 \/ 25/);
  assert.match(await row.innerText(), /12 mars 2031 à 09h00/);

  await page.goto(site.base + eventPath + "/inscriptions");
  await checkA11y(page, "the registrations page");
  await fitsNarrowScreen(page, "the registrations page");
  await shot(page, "events-admin-registrations");

  await page.goto(site.base + eventPath + "/messages");
  await page.check('input[name="audience"][value="all"]');
  await page.fill("#f-subject", "Bienvenue");
  await page.fill("#f-body", "Merci de votre inscription.");
  await page.getByRole("button", { name: "Envoyer le message" }).click();
  await page.waitForURL((u) => u.searchParams.get("ok") === "sent");
  assert.match(await page.locator(".flash").innerText(), /aucune personne/);
  await checkA11y(page, "the messages page");
  await fitsNarrowScreen(page, "the messages page");
  await shot(page, "events-admin-messages");

  await page.goto(site.base + eventPath + "/questions");
  await checkA11y(page, "the questions page");
  await page.fill("#f-label", "Votre repas");
  await page.selectOption("#f-kind", "choice");
  await page.fill("#f-choices", "Végétarien");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForLoadState("load");
  assert.match(await page.locator(".error-summary").innerText(), /au moins deux options/);
  await checkA11y(page, "the questions page with errors");
  await page.fill("#f-choices", "Végétarien\nSans porc");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForURL((u) => u.searchParams.get("ok") === "saved");
  assert.equal(await page.locator("tbody tr").count(), 1);
  await checkA11y(page, "the questions page with a question");
  await fitsNarrowScreen(page, "the questions page");
  await shot(page, "events-admin-questions");

  await page.goto(site.base + eventPath + "/programme");
  await checkA11y(page, "the programme page");
  await page.fill("#f-title", "Atelier CV");
  await page.selectOption("#f-kind", "workshop");
  await page.fill("#f-capacity", "12");
  await page.fill("#f-speakers", "Awa Diallo ; Directrice ; Fondation X");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.waitForURL((u) => u.searchParams.get("ok") === "saved");
  assert.match(await page.locator("tbody").innerText(), /Awa Diallo/);
  await checkA11y(page, "the programme page with a slot");
  await fitsNarrowScreen(page, "the programme page");
  await shot(page, "events-admin-programme");
});

test("a demo event's registrations page passes axe", async () => {
  const { site, page } = ctx;
  await page.goto(site.base + "/admin/evenements");
  await page.locator("table a").first().click();
  const path = new URL(page.url()).pathname;
  await page.goto(site.base + path + "/inscriptions");
  await checkA11y(page, "a demo event's registrations");
  await shot(page, "events-admin-registrations-demo");
  const cancel = page.getByRole("link", { name: /Annuler l’inscription/ }).first();
  if (await cancel.count()) {
    await cancel.click();
    await checkA11y(page, "the cancel confirmation");
    await shot(page, "events-admin-cancel");
  }
});
