// Offers of freed places and partner links: a waiting person is offered a place, sees the
// offer on the personal page and accepts it with the keyboard; the partner link shows the
// reserved places (and a wrong link says it plainly). axe checks every page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, page;
useSite((c) => ({ site, page } = c));

/** Run SQL on the site's SQLite database (set-up the pages do not offer yet). */
function sql(statement) {
  return execFileSync("sqlite3", ["-cmd", ".timeout 5000", join(site.dir, "essaim.db"), statement], { encoding: "utf8" }).trim();
}

async function register(slug, name, email) {
  await page.goto(`${site.base}/evenements/${slug}`);
  await page.getByLabel("Votre nom").fill(name);
  await page.getByLabel("Votre adresse e-mail").fill(email);
  await page.getByRole("button", { name: "M’inscrire" }).click();
  await page.waitForURL(/\/evenements\/inscription\//);
  return page.url();
}

test("a waiting person is offered a freed place and accepts it", async () => {
  sql("UPDATE events SET offer_hours = 48 WHERE slug = 'webinaire-mecenat-competences'");
  const first = await register("webinaire-mecenat-competences", "Awa Diallo", "awa@exemple.fr");
  // Fill the event up to what is taken, so the next one waits.
  sql("UPDATE events SET capacity = registered WHERE slug = 'webinaire-mecenat-competences'");
  const second = await register("webinaire-mecenat-competences", "Bruno Petit", "bruno@exemple.fr");
  assert.ok(await page.getByText(/liste d’attente/).first().isVisible());
  // The first one cancels: the place is offered to the second.
  await page.goto(first);
  await page.getByRole("link", { name: "Annuler mon inscription" }).click();
  await page.getByRole("button", { name: "Oui, annuler mon inscription" }).click();
  await page.waitForSelector("text=Cette inscription est annulée.");
  await page.goto(second);
  assert.ok(await page.getByRole("heading", { name: "Une place vous est proposée" }).isVisible());
  await checkA11y(page, "booking with an offer");
  await shot(page, "booking-offer");
  await page.setViewportSize({ width: 320, height: 800 });
  await checkA11y(page, "booking with an offer at 320 px");
  await shot(page, "booking-offer-320");
  await page.setViewportSize({ width: 1280, height: 800 });
  // Keyboard only: focus the accept button and press Enter.
  await page.getByRole("button", { name: "Accepter la place" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Une place vous est proposée" }).waitFor({ state: "detached" });
  assert.ok(await page.getByText("Votre inscription est confirmée.").isVisible());
  const link = second.split("/").pop().split(".")[0];
  assert.notEqual(sql(`SELECT confirmed_at FROM registrations WHERE id = (SELECT subject_id FROM access_links WHERE id = ${Number(link)})`), "");
});

test("the partner link shows the reserved places; a wrong one says so", async () => {
  sql("UPDATE events SET partner_seats = 5 WHERE slug = 'rendez-vous-numerique-egalite'");
  const code = sql("SELECT partner_code FROM events WHERE slug = 'rendez-vous-numerique-egalite'");
  await page.goto(`${site.base}/evenements/rendez-vous-numerique-egalite?partenaire=${code}`);
  assert.ok(await page.getByText("Il reste 5 places réservées aux partenaires.").isVisible());
  await checkA11y(page, "event through the partner link");
  await shot(page, "event-partner");
  await page.goto(`${site.base}/evenements/rendez-vous-numerique-egalite?partenaire=faux`);
  assert.ok(await page.getByText(/Ce lien partenaire n’est pas valable/).isVisible());
  await checkA11y(page, "event with a wrong partner link");
  const url = await register("rendez-vous-numerique-egalite?partenaire=" + code, "Paula Nguyen", "paula@exemple.fr");
  const link = url.split("/").pop().split(".")[0];
  assert.equal(sql(`SELECT partner FROM registrations WHERE id = (SELECT subject_id FROM access_links WHERE id = ${Number(link)})`), "1");
});
