import { test, expect } from "@playwright/test";
import { AGENT1, hydrated, logIn, watchForErrors } from "./helpers";

test("an agent logs in and sees the contacts table", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  await expect(page.getByRole("heading", { name: "Contacts" })).toBeVisible();
  await expect(page.locator("table.contacts-table tbody tr")).toHaveCount(25);
  expect(errors).toEqual([]);
});

test("a wrong password is refused and nobody is signed in", async ({ page }) => {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email").fill(AGENT1.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Email or password is wrong.");
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/contacts");
  await expect(page).toHaveURL(/\/login\?next=/);
});

test("a visitor is sent to log in and comes back to the page asked for", async ({ page }) => {
  await page.goto("/contacts?q=a");
  await expect(page).toHaveURL(/\/login\?next=/);
  await hydrated(page);
  await page.getByLabel("Email").fill(AGENT1.email);
  await page.getByLabel("Password").fill(AGENT1.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/contacts\?q=a$/);
});

test("logging out ends the session", async ({ page }) => {
  await logIn(page);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/contacts");
  await expect(page).toHaveURL(/\/login\?next=/);
});
