import { test, expect } from "@playwright/test";
import { hydrated, logIn, watchForErrors } from "./helpers";

test("the contacts table filters, sorts and pages, and the URL keeps the choice", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const rows = page.locator("table.contacts-table tbody tr");
  await expect(rows).toHaveCount(25);

  // Next page, then back: different rows, stable paging.
  const firstName = await rows.first().locator("td").first().textContent();
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(rows.first().locator("td").first()).not.toHaveText(firstName ?? "");
  await page.goBack();
  await expect(rows.first().locator("td").first()).toHaveText(firstName ?? "");

  // Sort by city, descending: the column says so and the rows follow.
  await page.getByRole("link", { name: "City" }).click();
  await expect(page).toHaveURL(/sort=city/);
  await page.getByRole("link", { name: /City/ }).click();
  await expect(page).toHaveURL(/sort=city&dir=desc/);
  await expect(page.getByRole("columnheader", { name: /City/ })).toHaveAttribute("aria-sort", "descending");
  const cities = await rows.locator("td:nth-child(4)").allTextContents();
  const sorted = [...cities].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase()));
  expect(cities.map((c) => c.toLowerCase())).toEqual(sorted.map((c) => c.toLowerCase()));

  // Filter by the last name of a listed contact: every row matches it.
  await page.goto("/contacts");
  await hydrated(page);
  // A listed person with a first and last name (some contacts have only an email or phone).
  const names = (await rows.locator("td:first-child").allTextContents()).map((n) => n.trim());
  const name = names.find((n) => / /.test(n) && !/[@\d(]/.test(n)) ?? "";
  expect(name).not.toEqual("");
  const last = name.split(" ").pop() ?? name;
  await page.getByLabel("Filter", { exact: true }).fill(last);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\?q=/);
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allTextContents()) {
    expect(text.toLowerCase()).toContain(last.toLowerCase().slice(0, 3));
  }
  await page.reload();
  // Typing before hydration would race with it: the hydrated input takes the URL's value back.
  await hydrated(page);
  await expect(page.getByLabel("Filter", { exact: true })).toHaveValue(last);

  // A filter nobody matches says so.
  await page.getByLabel("Filter", { exact: true }).fill("zzzz-nobody");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No contacts match this filter.")).toBeVisible();
  expect(errors).toEqual([]);
});
