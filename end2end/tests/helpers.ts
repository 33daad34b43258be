import { expect, Page, Browser } from "@playwright/test";

export const AGENT1 = { email: "agent1@e2e.test", password: "e2e-agent-password", name: "Alex Agent" };
export const AGENT2 = { email: "agent2@e2e.test", password: "e2e-agent-password", name: "Bo Agent" };

/** Fails the test on any uncaught page error or console error (e.g. a failed hydration). */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Waits until the WebAssembly has hydrated the page (only the browser sets this marker). */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1, { timeout: 15_000 });
}

/** The e2e tenant's admin (created by run.sh). */
export const ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password", name: "Erin Admin" };

export async function logIn(page: Page, user = AGENT1) {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/contacts/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(user.name);
}

export async function newAgentPage(browser: Browser, user = AGENT1) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchForErrors(page);
  await logIn(page, user);
  return { context, page, errors };
}

/** Opens the first contact listed on /contacts and returns its URL. */
export async function openFirstContact(page: Page): Promise<string> {
  await page.goto("/contacts");
  await hydrated(page);
  const link = page.locator("table.contacts-table tbody tr td:first-child a").first();
  const name = (await link.textContent())?.trim() ?? "";
  await link.click();
  await expect(page).toHaveURL(/\/contacts\/\d+$/);
  await expect(page.getByTestId("contact-heading")).toHaveText(name);
  await hydrated(page);
  return page.url();
}

/** A browser whose WebAssembly never loads (its requests fail): the page stays as the server
 * rendered it, so every form is a plain HTML form. Signs in with the plain login form. */
export async function logInBeforeWasm(browser: Browser, user = AGENT1) {
  const context = await browser.newContext();
  await context.route("**/*.wasm", (route) => route.abort());
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/contacts/);
  return { context, page };
}
