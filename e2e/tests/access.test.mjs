// A person who lost their booking's link: the page of a link that no longer opens offers
// "Recevoir à nouveau mon lien", whose form answers the same for any address; axe checks
// every page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, checkA11y } from "../lib.mjs";

let site, page;
useSite((c) => ({ site, page } = c));

test("a link that no longer opens leads to the page that sends links again", async () => {
  const r = await page.goto(site.base + "/evenements/inscription/1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  assert.equal(r.status(), 404);
  assert.ok(await page.getByText("Ce lien ne fonctionne plus.").first().isVisible());
  await checkA11y(page, "link gone");
  await page.getByRole("link", { name: "Recevoir à nouveau mon lien" }).click();
  await page.waitForURL(/\/acces$/);
  assert.ok(await page.getByRole("heading", { name: "Recevoir à nouveau mon lien" }).isVisible());
  await checkA11y(page, "access");

  await page.getByLabel("Votre adresse électronique").fill("pas-une-adresse");
  await page.getByRole("button", { name: "Envoyer mes liens" }).click();
  await page.waitForSelector(".error-summary");
  await checkA11y(page, "access with errors");

  await page.getByLabel("Votre adresse électronique").fill("personne@exemple.fr");
  await page.getByRole("button", { name: "Envoyer mes liens" }).click();
  await page.waitForSelector("text=Si cette adresse est connue");
  await checkA11y(page, "access sent");
});
