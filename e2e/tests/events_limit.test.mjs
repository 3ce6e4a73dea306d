// The booking limit per address: after 20 bookings in an hour from one address, the
// registration form comes back with the reason (429), what was typed kept; axe checks it,
// at full width and at 320 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, page;
useSite((c) => ({ site, page } = c));

test("the 21st booking from one address is refused with the form kept", async () => {
  const slug = "webinaire-mecenat-competences";
  // Twenty bookings from this machine's address, through the JSON API.
  for (let i = 0; i < 20; i++) {
    const r = await fetch(`${site.base}/api/v1/events/${slug}/registrations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ contact_name: `Classe ${i}`, email: `classe${i}@exemple.fr`, seats: 1 }),
    });
    assert.equal(r.status, 201);
  }
  await page.goto(`${site.base}/evenements/${slug}`);
  await page.getByLabel("Votre nom").fill("Awa Diallo");
  await page.getByLabel("Votre adresse e-mail").fill("awa@exemple.fr");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: "M’inscrire" }).click(),
  ]);
  assert.equal(response.status(), 429);
  await page.waitForSelector(".error-summary");
  assert.ok(await page.getByRole("link", { name: /Trop d’inscriptions ont été faites depuis cette connexion/ }).isVisible());
  assert.equal(await page.getByLabel("Votre nom").inputValue(), "Awa Diallo");
  assert.equal(await page.getByLabel("Votre adresse e-mail").inputValue(), "awa@exemple.fr");
  await checkA11y(page, "registration refused by the booking limit");
  await shot(page, "event-rate-limited");
  await page.setViewportSize({ width: 320, height: 800 });
  await checkA11y(page, "registration refused, 320 px");
  await shot(page, "event-rate-limited-320");
});
