// The events' journeys mended, as a visitor and an organiser meet them: the calendar's cards
// say full, few places or closed; cancelling a booking needs a confirmation and the booking
// stays until it is given; an online event gives its join link and no ticket; at the door on a
// phone the admin menu folds and the check-in notice is where the person is; the event editor
// is in sections; the dashboard says what needs attention. axe checks every page, in French
// and English, and no page scrolls sideways at 320 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, page;
useSite((c) => ({ site, page } = c));

async function noSidewaysScroll(label) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `${label} scrolls sideways: ${scroll} > ${client}`);
}

async function book(slug, name, email) {
  await page.goto(site.base + "/evenements/" + slug);
  await page.getByLabel("Votre nom").fill(name);
  await page.getByLabel("Votre adresse e-mail").fill(email);
  await page.getByRole("button", { name: "M’inscrire" }).click();
  await page.waitForURL(/\/evenements\/inscription\/[^/]+$/);
  return page.url();
}

test("the calendar's cards say full, few places left or closed", async () => {
  await page.goto(site.base + "/evenements");
  const card = (title) => page.locator("li.event-card", { hasText: title });
  assert.equal((await card("Forum de l’alternance").locator(".badge").textContent()).trim(), "Complet — liste d’attente");
  assert.equal((await card("Atelier prise de parole en public").locator(".badge").textContent()).trim(), "Plus que 4 places");
  assert.equal((await card("Visite d’un site industriel").locator(".badge").textContent()).trim(), "Inscriptions fermées");
  await checkA11y(page, "events with badges");
  await page.setViewportSize({ width: 390, height: 900 });
  await shot(page, "events-badges-390");
  await page.setViewportSize({ width: 320, height: 800 });
  await noSidewaysScroll("events at 320 px");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "English" }).click();
  await page.waitForSelector("text=Only 4 places left");
  assert.ok(await page.getByText("Full — waiting list").first().isVisible());
  assert.ok(await page.getByText("Registration closed").first().isVisible());
  await checkA11y(page, "events with badges in English");
  await page.getByRole("button", { name: "Français" }).click();
  await page.waitForSelector("text=Plus que 4 places");
});

test("cancelling a booking needs a confirmation; the booking stays until it is given", async () => {
  await page.goto(site.base + "/evenements/ceremonie-concours-quartiers");
  await page.getByLabel("Votre nom").fill("Mariam Koné");
  await page.getByLabel("Votre adresse e-mail").fill("mariam@exemple.fr");
  await page.getByRole("group", { name: "Restez-vous au cocktail après la cérémonie ?" }).getByLabel("Non").check();
  await page.getByRole("button", { name: "M’inscrire" }).click();
  await page.waitForURL(/\/evenements\/inscription\/[^/]+$/);
  // The registration form posts to …#erreurs (the page opens at its errors without
  // JavaScript); the redirect after success keeps that fragment, which names nothing there.
  const booking = page.url().split("#")[0];
  assert.ok(await page.getByText("Votre inscription est confirmée.").isVisible());
  // The cancel action is a secondary link, not the page's main button.
  const cancel = page.getByRole("link", { name: "Annuler mon inscription" });
  assert.match(await cancel.getAttribute("class"), /button-secondary/);
  await cancel.click();
  await page.waitForURL(/\/annuler$/);
  assert.ok(await page.getByRole("heading", { name: /Annuler votre inscription/ }).isVisible());
  assert.ok(await page.getByText("Si vous annulez, vous perdez :").isVisible());
  assert.ok(await page.getByText("votre place confirmée ;").isVisible());
  assert.ok(await page.getByText("Mariam Koné", { exact: true }).isVisible());
  await checkA11y(page, "cancel confirmation");
  await page.setViewportSize({ width: 390, height: 900 });
  await shot(page, "booking-cancel-confirm-390");
  await page.setViewportSize({ width: 320, height: 800 });
  await noSidewaysScroll("cancel confirmation at 320 px");
  await page.setViewportSize({ width: 1280, height: 900 });
  // In English too.
  await page.getByRole("button", { name: "English" }).click();
  await page.waitForSelector("text=If you cancel, you lose:");
  await checkA11y(page, "cancel confirmation in English");
  await page.getByRole("button", { name: "Français" }).click();
  await page.waitForSelector("text=Si vous annulez, vous perdez :");
  // Keeping it: back to the booking, still confirmed.
  await page.getByRole("link", { name: "Non, garder mon inscription" }).click();
  await page.waitForURL(booking);
  assert.ok(await page.getByText("Votre inscription est confirmée.").isVisible());
  // Cancelling it for real.
  await page.getByRole("link", { name: "Annuler mon inscription" }).click();
  await page.waitForURL(/\/annuler$/);
  const confirm = page.getByRole("button", { name: "Oui, annuler mon inscription" });
  assert.match(await confirm.getAttribute("class"), /button-danger/);
  await confirm.click();
  await page.waitForURL(booking);
  assert.ok(await page.getByText("Cette inscription est annulée.").isVisible());
  await checkA11y(page, "cancelled booking");
});

test("an online event gives its join link and no ticket for the door", async () => {
  await book("webinaire-mecenat-competences", "Karim Saïdi", "karim@exemple.fr");
  const join = page.getByRole("link", { name: "Rejoindre l’événement en ligne" });
  assert.equal(await join.getAttribute("href"), "https://visio.exemple.fr/mecenat");
  assert.equal(await page.getByRole("link", { name: "Voir et imprimer mes billets" }).count(), 0);
  await checkA11y(page, "online booking");
  await shot(page, "booking-online");
  await page.goto(page.url() + "/billet");
  assert.equal(await page.locator("svg").count(), 0, "no QR code to show at a door");
  assert.ok(await page.getByRole("link", { name: "Rejoindre l’événement en ligne" }).isVisible());
  await checkA11y(page, "online ticket page");
});

test("at the door on a phone: a folded menu, the notice where the person is", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(site.base + "/admin/connexion");
  await page.locator("#login-email").fill(site.admin.email);
  await page.locator("#login-password").fill(site.admin.password);
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => u.pathname === "/admin");
  // The menu folds behind "Menu" on a phone, and opens without a script.
  assert.ok(await page.locator(".admin-nav-compact > summary").isVisible());
  assert.ok(await page.locator(".admin-nav-wide").isHidden());
  const headerHeight = await page.locator(".site-header").evaluate((h) => h.getBoundingClientRect().height);
  assert.ok(headerHeight < 200, `the admin header is compact on a phone (${headerHeight} px)`);
  await page.locator(".admin-nav-compact > summary").click();
  assert.ok(await page.locator(".admin-nav-compact").getByRole("link", { name: "Événements" }).isVisible());
  await checkA11y(page, "dashboard at 390 px, menu open");
  await shot(page, "dashboard-390");
  await page.locator(".admin-nav-compact").getByRole("link", { name: "Événements" }).click();
  await page.waitForURL(/\/admin\/evenements$/);
  await page.getByRole("link", { name: "Forum de l’alternance" }).first().click();
  await page.waitForURL(/\/admin\/evenements\/\d+$/);
  const id = /\/admin\/evenements\/(\d+)/.exec(page.url())[1];
  await page.goto(`${site.base}/admin/evenements/${id}/accueil`);
  await checkA11y(page, "check-in at 390 px");
  await noSidewaysScroll("check-in at 390 px");
  // Someone far down the list.
  const cards = page.locator("li.checkin-person:not(.is-present)");
  const n = await cards.count();
  assert.ok(n > 5, "enough people to scroll");
  const target = cards.nth(n - 2);
  const name = (await target.locator(".checkin-name").textContent()).trim();
  const cardId = await target.getAttribute("id");
  await target.getByRole("button", { name: /Marquer présent/ }).click();
  await page.waitForURL(new RegExp(`#${cardId}$`));
  const card = page.locator(`#${cardId}`);
  const notice = card.locator(".checkin-notice");
  assert.ok(await notice.isVisible());
  assert.match(await notice.textContent(), new RegExp(name.replace(/[()]/g, ".")));
  assert.ok(await notice.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }), "the notice is in view");
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), cardId, "focus is on the card");
  assert.equal(await page.locator("main > .wrap > .checkin > p.flash").count(), 0, "no notice at the top");
  await checkA11y(page, "check-in after marking present, 390 px");
  await shot(page, "checkin-notice-390");
  await page.setViewportSize({ width: 320, height: 700 });
  await noSidewaysScroll("check-in at 320 px");
});

test("the event editor is in sections with a table of contents", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(site.base + "/admin/evenements");
  await page.getByRole("link", { name: "Rendez-vous du numérique" }).first().click();
  await page.waitForURL(/\/admin\/evenements\/\d+$/);
  const toc = page.getByRole("navigation", { name: "Sections du formulaire" });
  assert.ok(await toc.isVisible());
  await toc.getByRole("link", { name: "Inscriptions" }).click();
  await page.waitForURL(/#g-registration$/);
  assert.ok(await toc.isVisible(), "the table of contents stays in view");
  assert.ok(await page.getByRole("button", { name: "Enregistrer" }).isVisible(), "the save button stays at hand");
  await checkA11y(page, "event editor");
  await shot(page, "event-editor-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await checkA11y(page, "event editor at 390 px");
  await shot(page, "event-editor-390");
  await page.setViewportSize({ width: 320, height: 800 });
  await noSidewaysScroll("event editor at 320 px");
});

test("the dashboard shows what needs attention and the week, in French and English", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(site.base + "/admin");
  assert.ok(await page.getByRole("heading", { name: "À traiter" }).isVisible());
  assert.ok(await page.getByRole("heading", { name: "Les 7 derniers jours" }).isVisible());
  assert.ok(await page.getByRole("link", { name: /événement à venir avec une liste d’attente/ }).isVisible());
  assert.ok(await page.getByRole("link", { name: /commentaires? à modérer/ }).isVisible());
  assert.ok(await page.getByRole("heading", { name: "Prochains événements" }).isVisible());
  assert.ok(await page.getByRole("heading", { name: "Dernières inscriptions" }).isVisible());
  await checkA11y(page, "dashboard");
  await shot(page, "dashboard-1280");
  await page.getByRole("button", { name: "English" }).click();
  await page.waitForSelector("text=Needs attention");
  await checkA11y(page, "dashboard in English");
  await page.setViewportSize({ width: 320, height: 800 });
  await noSidewaysScroll("dashboard at 320 px");
  await page.getByRole("button", { name: "Français" }).click();
});
