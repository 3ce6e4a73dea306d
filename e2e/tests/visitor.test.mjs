// A visitor reads the archive, pages to page 5, opens a post, searches, and posts a
// comment that waits for moderation; axe checks every page on the way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite, checkA11y, shot } from "../lib.mjs";

let site, page, browser;
useSite((c) => ({ site, page, browser } = c));

test("home page", async () => {
  await page.goto(site.base + "/");
  assert.match(await page.title(), /Réseau Passerelles/);
  assert.ok(await page.getByRole("heading", { name: "Nos partenaires" }).isVisible());
  await checkA11y(page, "home");
  await shot(page, "home");
});

test("archive and pager to page 5", async () => {
  await page.goto(site.base + "/actualites");
  assert.equal(await page.locator("li.card").count(), 10);
  await checkA11y(page, "archive");
  await shot(page, "archive");
  await page.getByRole("link", { name: "Page 5" }).click();
  await page.waitForURL(/page=5/);
  assert.ok((await page.locator("li.card").count()) >= 1);
  assert.equal((await page.locator(".pager [aria-current=page]").textContent()).replace(/\s+/g, " ").trim(), "Page 5");
});

test("a post, then a comment that waits for moderation", async () => {
  await page.goto(site.base + "/actualites");
  const first = page.locator("li.card h3 a").first();
  const title = await first.innerText();
  await first.click();
  assert.equal(await page.locator("h1").innerText(), title);
  await checkA11y(page, "post");
  await shot(page, "post");
  // A form sent with errors keeps what was typed and says what is wrong, next to the field.
  await page.fill("#comment-name", "Inès");
  await page.fill("#comment-email", "pas-une-adresse");
  await page.fill("#comment-body", "Bravo pour cette belle initiative !");
  await page.getByRole("button", { name: "Publier le commentaire" }).click();
  assert.match(await page.locator("#comment-email-error").innerText(), /adresse e-mail valable/);
  assert.equal(await page.inputValue("#comment-body"), "Bravo pour cette belle initiative !");
  await checkA11y(page, "post with comment errors");
  await shot(page, "comment-errors");
  await page.fill("#comment-email", "ines@example.org");
  await page.getByRole("button", { name: "Publier le commentaire" }).click();
  assert.match(await page.locator(".flash").innerText(), /publié après relecture/);
});

test("search highlights the terms, accents or not", async () => {
  await page.goto(site.base + "/");
  await page.fill("#q-header", "egalite");
  await page.keyboard.press("Enter");
  await page.waitForURL(/recherche/);
  assert.ok((await page.locator(".search-results li").count()) > 0);
  assert.ok((await page.locator(".search-results mark").count()) > 0);
  await checkA11y(page, "search");
  await shot(page, "search");
});

test("the 404 page helps", async () => {
  const r = await page.goto(site.base + "/nulle-part");
  assert.equal(r.status(), 404);
  await checkA11y(page, "404");
});

// RGAA 10.11: at 320 CSS pixels nothing scrolls sideways.
test("reflow at 320px: no horizontal scrolling", async () => {
  const narrow = await (await browser.newContext({ locale: "fr-FR", viewport: { width: 320, height: 640 } })).newPage();
  try {
    await narrow.goto(site.base + "/actualites");
    const post = await narrow.locator("li.card h3 a").first().getAttribute("href");
    // The post with the table, the widest content of the demo.
    for (const path of ["/", "/actualites", post, "/actualites/barometre-des-ages-2022", "/recherche?q=egalite", "/clubs", "/partenaires", "/accessibilite"]) {
      await narrow.goto(site.base + path);
      const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 320, `${path} is ${width}px wide at 320px`);
    }
    await narrow.goto(site.base + "/");
    await shot(narrow, "home-320");
  } finally {
    await narrow.context().close();
  }
});

test("the archive in English", async () => {
  const en = await (await browser.newContext({ locale: "en-GB", extraHTTPHeaders: { "Accept-Language": "en" } })).newPage();
  try {
    await en.goto(site.base + "/actualites");
    assert.equal(await en.getAttribute("html", "lang"), "en");
    assert.equal(await en.locator("h1").innerText(), "News");
    assert.equal(await en.locator("li.card").count(), 10);
    assert.ok(await en.getByRole("navigation", { name: "Pagination" }).isVisible());
    await checkA11y(en, "archive (en)");
    await shot(en, "archive-en");
  } finally {
    await en.context().close();
  }
});

test("the clubs, a club, the partners and the accessibility statement", async () => {
  await page.goto(site.base + "/clubs");
  assert.equal(await page.locator("h1").innerText(), "Les clubs du réseau");
  assert.ok((await page.locator(".club-list li").count()) >= 5);
  await checkA11y(page, "clubs");
  await page.getByRole("link", { name: "Passerelles Seine-Saint-Denis" }).first().click();
  await page.waitForURL(/\/clubs\/seine-saint-denis$/);
  assert.ok((await page.locator("li.card").count()) > 0);
  await checkA11y(page, "club");
  await page.goto(site.base + "/partenaires");
  assert.equal(await page.locator("h1").innerText(), "Nos partenaires");
  assert.ok((await page.locator(".partner-grid li").count()) >= 5);
  await checkA11y(page, "partners");
  await shot(page, "partners");
  // On other pages, the partners strip names every partner under its logo.
  await page.goto(site.base + "/clubs");
  const first = page.locator(".partners-strip li").first();
  assert.ok((await first.locator("span").innerText()).trim().length > 0);
  assert.equal(await first.locator("img").getAttribute("alt"), "");
  await page.goto(site.base + "/accessibilite");
  assert.match(await page.locator("h1").innerText(), /accessibilité/i);
  await checkA11y(page, "accessibility statement");
});

test("a video loads only when asked, from youtube-nocookie", async () => {
  const requested = [];
  await page.route(/youtube-nocookie\.com/, (route) => {
    requested.push(route.request().url());
    return route.fulfill({ status: 204, body: "" });
  });
  // Nothing else leaves the machine either.
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  try {
    await page.goto(site.base + "/actualites/dix-ans-de-passerelles-merci-aux-benevoles");
    const figure = page.locator("figure.embed");
    assert.equal(await figure.count(), 1);
    assert.equal(await page.locator("iframe").count(), 0);
    await checkA11y(page, "post with a video");
    await figure.getByRole("button", { name: /Charger la vidéo/ }).click();
    const frame = page.locator("figure.embed iframe");
    await frame.waitFor();
    assert.match(await frame.getAttribute("src"), /^https:\/\/www\.youtube-nocookie\.com\/embed\//);
    assert.ok((await frame.getAttribute("title")).length > 0);
    assert.ok(requested.every((u) => u.includes("youtube-nocookie.com")));
  } finally {
    await page.unrouteAll({ behavior: "ignoreErrors" });
  }
});

test("keyboard: the skip link comes first and moves focus to the main content", async () => {
  await page.goto(site.base + "/actualites");
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => ({ cls: document.activeElement.className, href: document.activeElement.getAttribute("href") }));
  assert.deepEqual(first, { cls: "skip", href: "#main" });
  assert.ok(await page.locator("a.skip").isVisible(), "the skip link shows when focused");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  // The next Tab lands inside the main content, not back in the header.
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => document.querySelector("main").contains(document.activeElement)));
});

test("keyboard: header, search, language switch, pager, all with a visible focus", async () => {
  await page.goto(site.base + "/actualites?page=2");
  const seen = [];
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return { tag: e.tagName, id: e.id, text: (e.innerText || e.value || "").trim(), outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2, rel: e.getAttribute("rel") };
    });
    seen.push(f);
    assert.ok(f.outline, `no visible focus on ${f.tag} ${f.id || f.text}`);
    if (f.rel === "next") break;
  }
  const texts = seen.map((f) => f.text);
  assert.ok(texts.includes("English"), "the language switch is reachable");
  assert.ok(seen.some((f) => f.id === "q-header"), "the search field is reachable");
  assert.ok(texts.indexOf("English") < seen.findIndex((f) => f.id === "q-header"), "language, then search, in reading order");
  assert.equal(seen.at(-1).rel, "next", "the pager is reachable");
  // The language switch works from the keyboard and keeps the page.
  await page.getByRole("button", { name: "English" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.documentElement.lang === "en");
  assert.match(page.url(), /\/actualites\?page=2$/);
  assert.equal(await page.locator("h1").innerText(), "News – Page 2");
  await page.getByRole("button", { name: "Français" }).click();
  await page.waitForFunction(() => document.documentElement.lang === "fr");
  assert.match(page.url(), /\/actualites\?page=2$/);
});

test("reply links preselect the comment, with and without JavaScript", async () => {
  const url = site.base + "/actualites/dix-ans-de-passerelles-merci-aux-benevoles";
  await page.goto(url);
  const reply = page.locator("a[data-reply]").nth(1);
  const id = await reply.getAttribute("data-reply");
  await reply.focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "comment-parent_id");
  assert.equal(await page.inputValue("#comment-parent_id"), id);
  // Replies are visibly nested under their parent.
  const nested = page.locator(".comment-list ol .comment").first();
  const top = page.locator(".comment-list > .comment").first();
  assert.ok((await nested.boundingBox()).x > (await top.boundingBox()).x + 10);
  // Without JavaScript the link goes to the form and the server preselects the parent.
  const nojs = await (await browser.newContext({ locale: "fr-FR", javaScriptEnabled: false })).newPage();
  try {
    await nojs.goto(url);
    await nojs.locator(`a[data-reply="${id}"]`).click();
    await nojs.waitForURL(new RegExp(`reponse=${id}#comment-form$`));
    assert.equal(await nojs.inputValue("#comment-parent_id"), id);
    // A reply to nothing known preselects nothing.
    await nojs.goto(url + "?reponse=999999#comment-form");
    assert.equal(await nojs.inputValue("#comment-parent_id"), "");
    await nojs.goto(url + "?reponse=abc");
    assert.equal(await nojs.inputValue("#comment-parent_id"), "");
  } finally {
    await nojs.context().close();
  }
});
