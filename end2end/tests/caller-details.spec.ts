import { test, expect } from "@playwright/test";
import { hydrated, logIn, newAgentPage, openFirstContact, watchForErrors, AGENT2 } from "./helpers";

test("open a contact from /contacts, refuse a bad phone, save a good one as E.164", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const url = await openFirstContact(page);
  await expect(page.getByRole("heading", { name: "Caller Details" })).toBeVisible();

  await page.getByRole("button", { name: "Edit details" }).click();
  const phone = page.getByLabel("Phone", { exact: true });
  await phone.fill("12345");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("error-phone")).toContainText(/phone number/i);
  await expect(phone).toHaveAttribute("aria-invalid", "true");

  await phone.fill("020 7946 0958");
  await phone.blur();
  await expect(page.getByTestId("verdict-phone")).toHaveText("✓ +442079460958");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("details-status")).toHaveText("Saved.");
  await expect(page.locator('dd[data-field="phone"]')).toContainText("020 7946 0958");

  await page.goto(url);
  await hydrated(page);
  await expect(page.locator('dd[data-field="phone"] [data-testid=e164]')).toHaveText("(+442079460958)");
  expect(errors).toEqual([]);
});

test("a second agent's stale save is refused and keeps their input", async ({ browser }) => {
  const a = await newAgentPage(browser);
  const b = await newAgentPage(browser, AGENT2);
  const url = await openFirstContact(a.page);
  await b.page.goto(url);
  await hydrated(b.page);

  await a.page.getByRole("button", { name: "Edit details" }).click();
  await b.page.getByRole("button", { name: "Edit details" }).click();

  await a.page.getByLabel("City").fill("Aberdeen");
  await a.page.getByRole("button", { name: "Save" }).click();
  await expect(a.page.getByTestId("details-status")).toHaveText("Saved.");

  await b.page.getByLabel("City").fill("Brighton");
  await b.page.getByRole("button", { name: "Save" }).click();
  const conflict = b.page.getByTestId("conflict");
  await expect(conflict).toContainText("Changed by Alex Agent");
  await expect(conflict).toContainText("review and save again");
  await expect(b.page.getByLabel("City")).toHaveValue("Brighton");
  await expect(b.page.locator('[data-field="city"] .field-theirs')).toHaveText("Now saved as: Aberdeen");

  // Having seen the other change, the second agent saves on purpose.
  await b.page.getByRole("button", { name: "Save" }).click();
  await expect(b.page.getByTestId("details-status")).toHaveText("Saved.");
  await b.page.reload();
  await expect(b.page.locator('dd[data-field="city"]')).toHaveText("Brighton");

  expect(a.errors).toEqual([]);
  expect(b.errors).toEqual([]);
  await a.context.close();
  await b.context.close();
});
