import { test, expect, Page } from "@playwright/test";
import { ADMIN, hydrated, logIn, watchForErrors } from "./helpers";

// Each page's code is its own piece of WebAssembly (app/src/routes.rs, built with
// `cargo leptos build --split`). A page loaded directly must still render on the server, ask the
// browser to preload its piece beside the main bundle, and hydrate; moving between pages in the
// browser fetches the pieces on demand.

const box = (page: Page) => page.getByRole("combobox", { name: "Quickfind" });

/** The paths of the `.wasm` files the page asks the browser to preload. */
async function preloadedWasm(page: Page): Promise<string[]> {
  return page
    .locator('link[rel="preload"][href$=".wasm"]')
    .evaluateAll((links) => links.map((l) => new URL((l as HTMLLinkElement).href).pathname));
}

test("every page loaded directly renders on the server and hydrates with its own WebAssembly", async ({ page }) => {
  const errors = watchForErrors(page);
  // The admin: the list includes the admin pages (agents get 403 there, see admin.spec.ts).
  await logIn(page, ADMIN);

  // A contact and a work item to open (seeded by run.sh; work items are numbered from 40001).
  await page.goto("/contacts");
  await hydrated(page);
  const contact = await page.locator("table.contacts-table tbody tr td:first-child a").first().getAttribute("href");
  expect(contact).toMatch(/^\/contacts\/\d+$/);
  await page.goto("/search?q=40001&group=work_items");
  const workItem = await page.locator('section[data-group="work_items"] a.hit').first().getAttribute("href");
  expect(workItem).toMatch(/^\/work-items\/40001-[TC]$/);

  // `streamed`: the route streams its HTML, and the server lists the route's piece for preloading.
  // The `SsrMode::Async` routes (a contact, a work item, search) get no such list from Leptos
  // 0.8.23: their piece is fetched when hydration reaches it, and they must still hydrate.
  const pages: [string, RegExp, boolean][] = [
    ["/", /^Contacts$/, true],
    ["/contacts?q=a", /^Contacts$/, true],
    ["/contacts/new?via=quickfind&text=Ada%20Quxley", /^New contact$/, true],
    [contact!, /\S/, false],
    ["/work-items", /^Work items$/, true],
    [workItem!, /40001-[TC]/, false],
    ["/search?q=a", /^Search$/, false],
    ["/admin", /^Admin$/, true],
    ["/admin/users", /^Users$/, true],
    ["/admin/history", /^History of changes$/, true],
  ];
  for (const [url, heading, streamed] of pages) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }), url).toHaveText(heading);
    await hydrated(page);
    const wasm = await preloadedWasm(page);
    expect(wasm, url).toContain("/pkg/callerdesk.wasm");
    if (streamed) {
      expect(wasm.length, `${url} preloads its own piece too: ${wasm.join(", ")}`).toBeGreaterThan(1);
    }
    // Hydrated: the header's shortcut (Ctrl+K works even from a focused field) reaches the box.
    await page.keyboard.press("Control+k");
    await expect(box(page), url).toBeFocused();
  }
  expect(errors).toEqual([]);
});

test("moving between pages in the browser fetches each page's piece once and keeps working", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page, ADMIN);
  await page.goto("/admin");
  await hydrated(page);
  const fetched: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith(".wasm")) fetched.push(path);
  });

  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Work items" }).click();
  await expect(page).toHaveURL(/\/work-items$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Work items");
  expect(fetched.length, "the work items page's piece was fetched").toBeGreaterThan(0);

  await nav.getByRole("link", { name: "Contacts" }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.locator("table.contacts-table tbody tr")).toHaveCount(25);
  const link = page.locator("table.contacts-table tbody tr td:first-child a").first();
  const name = ((await link.textContent()) ?? "").trim();
  await link.click();
  await expect(page).toHaveURL(/\/contacts\/\d+$/);
  await expect(page.getByTestId("contact-heading")).toHaveText(name);

  await page.goBack();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.locator("table.contacts-table tbody tr")).toHaveCount(25);
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Work items");
  // Pieces already loaded are not fetched again.
  expect(new Set(fetched).size).toBe(fetched.length);
  expect(errors).toEqual([]);
});
