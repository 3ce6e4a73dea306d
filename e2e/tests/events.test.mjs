// A visitor finds an event, reads its programme, makes mistakes in the registration form,
// then registers, lands on the booking's personal page and cancels; axe checks every page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, page;
useSite((c) => ({ site, page } = c));

test("the calendar and an event with its programme", async () => {
  await page.goto(site.base + "/evenements");
  await checkA11y(page, "events");
  await shot(page, "events");
  await page.getByRole("link", { name: /Rendez-vous du numérique/ }).click();
  await page.waitForURL(/rendez-vous-numerique-egalite/);
  assert.ok(await page.getByRole("heading", { name: "Programme" }).isVisible());
  await checkA11y(page, "event");
  await shot(page, "event");
  // Workshops with their places left, chosen on the form.
  assert.ok(await page.getByRole("group", { name: "Ateliers (facultatif)" }).isVisible());
  for (const path of ["/evenements/forum-alternance-lyon", "/evenements/ceremonie-concours-quartiers", "/evenements/atelier-cv-lille"]) {
    await page.goto(site.base + path);
    await checkA11y(page, path);
  }
});

test("register with errors first, then cancel", async () => {
  await page.goto(site.base + "/evenements/ceremonie-concours-quartiers");
  await page.getByLabel("Votre adresse e-mail").fill("pas-une-adresse");
  await page.getByLabel("Nombre de participants (de 1 à 10)").selectOption("2");
  await page.getByRole("button", { name: "M’inscrire" }).click();
  await page.waitForSelector(".error-summary");
  await checkA11y(page, "registration with errors");
  await shot(page, "event-errors");
  assert.equal(await page.getByLabel("Votre adresse e-mail").inputValue(), "pas-une-adresse");
  await page.getByLabel("Votre nom").fill("Awa Diallo");
  await page.getByLabel("Votre adresse e-mail").fill("awa@exemple.fr");
  await page.getByLabel("Participant 2").fill("Léo Diallo");
  // The organiser's questions: the diet is asked only of those staying for the cocktail.
  const dietLegend = page.getByText("Votre régime alimentaire (facultatif)", { exact: true });
  assert.equal(await dietLegend.count(), 1);
  assert.ok(await dietLegend.isHidden(), "a question whose condition is not met is hidden");
  await page.getByRole("group", { name: "Restez-vous au cocktail après la cérémonie ?" }).getByLabel("Oui").check();
  assert.ok(await dietLegend.isVisible(), "answering shows the question that depends on it");
  await page.getByRole("group", { name: "Votre régime alimentaire (facultatif)" }).getByLabel("Végétarien").check();
  await checkA11y(page, "registration with questions");
  await shot(page, "event-questions");
  await page.getByRole("button", { name: "M’inscrire" }).click();
  await page.waitForURL(/\/evenements\/inscription\//);
  assert.ok(await page.getByText("Votre inscription est confirmée.").isVisible());
  assert.ok(await page.getByText("Végétarien", { exact: true }).first().isVisible(), "the answers are on the personal page");
  await checkA11y(page, "booking");
  await shot(page, "booking");
  // Change a name, then cancel one attendee's place.
  await page.getByRole("textbox", { name: "Participant 2" }).fill("Léo Diallo-Sy");
  await page.getByRole("button", { name: "Enregistrer les modifications" }).click();
  await page.waitForSelector("text=Votre inscription est modifiée.");
  await checkA11y(page, "changed booking");
  await page.getByRole("button", { name: "Annuler la place de Léo Diallo-Sy" }).click();
  await page.waitForSelector("text=1 place.");
  await page.setViewportSize({ width: 320, height: 800 });
  await checkA11y(page, "booking at 320 px");
  await shot(page, "booking-320");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole("link", { name: "Annuler mon inscription" }).click();
  await page.waitForSelector("text=Si vous annulez, vous perdez :");
  await page.getByRole("button", { name: "Oui, annuler mon inscription" }).click();
  await page.waitForSelector("text=Cette inscription est annulée.");
  await checkA11y(page, "cancelled booking");
});
