import { test, expect, Page } from "@playwright/test";
import { ADMIN, hydrated, logIn, newAgentPage, openFirstContact, watchForErrors, AGENT1 } from "./helpers";

// Admin (SPEC §2.6): users, work item types, queues, accounts, tenant settings and the History
// of changes. run.sh creates the admin below in tenant `e2e`. Every name a test creates is
// unique, so reruns against the same database and the other spec files are not disturbed.


/** A refused save (field errors) answers 422; the browser logs that as a console error. It is
 * the answer the test asks for, not a fault. */
function realErrors(errors: string[]): string[] {
  return errors.filter((e) => !e.includes("status of 422"));
}

function uniqueWord(prefix: string): string {
  let s = prefix;
  for (let i = 0; i < 8; i++) s += String.fromCharCode(97 + Math.floor(Math.random() * 26));
  return s;
}

/** The panel holding the create form headed `heading`. */
function createPanel(page: Page, heading: string) {
  return page.locator("section.admin-create", { has: page.getByRole("heading", { name: heading }) });
}

test("an agent is refused the admin pages and their functions", async ({ page }) => {
  await logIn(page, AGENT1);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  for (const path of ["/admin", "/admin/users", "/admin/history"]) {
    const answer = await page.goto(path);
    expect(answer?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  }
  const api = await page.request.post("/api/admin/users", { form: {} });
  expect(api.status()).toBe(403);
});

test("the admin index links to every section", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await hydrated(page);
  const sections = page.getByTestId("admin-sections");
  for (const name of ["Users", "Work item types", "Queues", "Accounts", "Tenant settings", "History of changes"]) {
    await expect(sections.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await sections.getByRole("link", { name: "Tenant settings" }).click();
  await expect(page).toHaveURL(/\/admin\/settings$/);
  await expect(page.getByRole("heading", { name: "Tenant settings", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Default phone region")).toHaveValue(/^[A-Z]{2}$/);
  expect(errors).toEqual([]);
});

test("a type shown in contacts is offered to agents until the admin unticks it, and the change is in the history", async ({ browser }) => {
  const admin = await newAgentPage(browser, ADMIN);
  const agent = await newAgentPage(browser, AGENT1);
  const p = admin.page;
  const name = uniqueWord("Returns ");

  await p.goto("/admin/types");
  await hydrated(p);
  const create = createPanel(p, "New work item type");
  await create.getByLabel("Name").fill(name);
  await create.getByLabel("Kind").selectOption("ticket");
  await expect(create.getByLabel("Live")).toBeChecked();
  await create.getByLabel("Show in contacts").check();
  await create.getByRole("button", { name: "Create type" }).click();
  await expect(p.getByTestId("admin-status")).toHaveText("Work item type created.");
  const row = p.locator(`[data-testid="type-row"][data-name="${name}"]`);
  await expect(row).toHaveCount(1);
  await expect(row.getByLabel(/^Show in contacts/)).toBeChecked();
  await expect(row.getByLabel(/^Live/)).toBeChecked();
  await expect(create.getByLabel("Name")).toHaveValue("");

  // The agent sees it among the Start New Work Item buttons.
  await openFirstContact(agent.page);
  const offered = agent.page.getByTestId("start-type").filter({ hasText: name });
  await expect(offered).toHaveCount(1);
  await expect(offered).toContainText("(Ticket)");

  // The admin unticks "show in contacts"; the table shows the saved value without a reload.
  await row.getByLabel(/^Show in contacts/).uncheck();
  await row.getByRole("button", { name: "Save" }).click();
  await expect(p.getByTestId("admin-status")).toHaveText(`Saved ${name}.`);
  await expect(row.getByLabel(/^Show in contacts/)).not.toBeChecked();
  await p.reload();
  await hydrated(p);
  await expect(row.getByLabel(/^Show in contacts/)).not.toBeChecked();

  // The agent reloads: the type is gone, the others are still there.
  await agent.page.reload();
  await hydrated(agent.page);
  await expect(agent.page.getByTestId("start-type").first()).toBeVisible();
  await expect(agent.page.getByTestId("start-type").filter({ hasText: name })).toHaveCount(0);

  // A field error shows beside its field and changes nothing.
  await row.getByLabel(/^Name of/).fill("   ");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.locator(".field-error").first()).toHaveText("Required");
  await expect(row.getByLabel(/^Name of/)).toHaveAttribute("aria-invalid", "true");

  // History of changes, filtered by the admin, shows the change from yes to no.
  await p.goto("/admin/history");
  await hydrated(p);
  await p.getByLabel("Changed by").selectOption({ label: ADMIN.name });
  await p.getByRole("button", { name: "Apply" }).click();
  await expect(p).toHaveURL(/\/admin\/history\?user=\d+$/);
  const change = p.getByTestId("history-row").filter({ hasText: name }).filter({ hasText: "show in contacts" });
  await expect(change).toHaveCount(1);
  await expect(change).toContainText("Erin Admin");
  await expect(change).toContainText("Work item type");
  await expect(change.locator(".history-value")).toHaveText(["yes", "no"]);
  // Reload keeps the filter (it lives in the URL).
  await p.reload();
  await hydrated(p);
  await expect(p.getByLabel("Changed by")).toHaveValue(/^\d+$/);
  await expect(change).toHaveCount(1);
  // Another user's filter does not show it.
  await p.getByLabel("Changed by").selectOption({ label: AGENT1.name });
  await p.getByRole("button", { name: "Apply" }).click();
  await expect(p.getByTestId("history-row").filter({ hasText: name })).toHaveCount(0);

  expect(realErrors(admin.errors)).toEqual([]);
  expect(agent.errors).toEqual([]);
  await admin.context.close();
  await agent.context.close();
});

test("a new user signs in with a one-time password and must choose their own first", async ({ browser }) => {
  const admin = await newAgentPage(browser, ADMIN);
  const p = admin.page;
  const email = `${uniqueWord("new")}@e2e.test`;

  await p.goto("/admin/users");
  await hydrated(p);
  const create = createPanel(p, "New user");
  await create.getByLabel("Email").fill(email);
  await create.getByLabel("Name").fill("Nia New");
  await create.getByLabel("Role").selectOption("agent");
  await create.getByRole("button", { name: "Create user" }).click();
  const shown = p.getByTestId("shown-once");
  await expect(shown).toContainText("One-time password for Nia New");
  await expect(shown).toBeFocused();
  const otp = ((await shown.getByTestId("secret-value").textContent()) ?? "").trim();
  expect(otp).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
  const row = p.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await expect(row.locator('[data-col="must-change"]')).toHaveText("Yes");
  await shown.getByRole("button", { name: /hide/ }).click();
  await expect(shown).toHaveCount(0);

  // The new user signs in and is sent to choose a password; other pages send them back.
  const context = await browser.newContext();
  const np = await context.newPage();
  const errors = watchForErrors(np);
  await np.goto("/login");
  await hydrated(np);
  await np.getByLabel("Email").fill(email);
  await np.getByLabel("Password").fill(otp);
  await np.getByRole("button", { name: "Sign in" }).click();
  await expect(np).toHaveURL(/\/change-password\?next=/);
  await np.goto("/work-items");
  await expect(np).toHaveURL(/\/change-password\?next=%2Fwork-items/);
  await hydrated(np);
  await expect(np.getByRole("heading", { name: "Choose a new password" })).toBeVisible();

  // Too short: the error sits beside the field.
  await np.getByLabel("Current password").fill(otp);
  await np.getByLabel("New password", { exact: true }).fill("too short");
  await np.getByLabel("Repeat the new password").fill("too short");
  await np.getByRole("button", { name: "Save new password" }).click();
  await expect(np.getByTestId("new_password-error")).toHaveText("At least 12 characters");
  await expect(np).toHaveURL(/\/change-password/);

  const chosen = "a long password of my own";
  await np.getByLabel("New password", { exact: true }).fill(chosen);
  await np.getByLabel("Repeat the new password").fill(chosen);
  await np.getByRole("button", { name: "Save new password" }).click();
  await expect(np).toHaveURL(/\/work-items$/);
  await expect(np.getByTestId("signed-in-user")).toHaveText("Nia New");
  expect(realErrors(errors)).toEqual([]);
  await context.close();

  // The admin's table no longer asks them to change it.
  await p.reload();
  await hydrated(p);
  await expect(row.locator('[data-col="must-change"]')).toHaveText("No");

  // Reset password asks first, then shows a new one-time password once.
  await row.getByRole("button", { name: "Reset password" }).click();
  await expect(row.getByRole("button", { name: "Reset password" })).toBeFocused();
  await row.getByRole("button", { name: "Reset password" }).click();
  await expect(shown).toContainText("New one-time password for Nia New");
  const again = ((await shown.getByTestId("secret-value").textContent()) ?? "").trim();
  expect(again).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
  expect(again).not.toBe(otp);
  await expect(row.locator('[data-col="must-change"]')).toHaveText("Yes");
  expect(realErrors(admin.errors)).toEqual([]);
  await admin.context.close();
});

test("tenant settings refuse an unknown phone region, save, and show and rotate the inbound token", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page, ADMIN);
  await page.goto("/admin/settings");
  await hydrated(page);
  const region = page.getByLabel("Default phone region");
  const original = await region.inputValue();
  await region.fill("ZZ");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("#settings-region-error")).toContainText("two-letter ISO code");
  await expect(region).toHaveAttribute("aria-invalid", "true");
  await region.fill(original.toLowerCase());
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByTestId("settings-status")).toHaveText("Settings saved.");
  await expect(region).toHaveValue(original);

  // Other spec files may have made a token already (the email tests do, through the CLI).
  const endpoints = page.getByTestId("inbound-endpoints");
  await expect(endpoints).toContainText("POST /api/v1/inbound/email");
  await expect(endpoints).toContainText("Authorization: Bearer <token>");
  await expect(endpoints).toContainText("POST /api/v1/inbound/messages");
  const token = page.getByTestId("inbound-token");
  const before = (await token.count()) > 0 ? await token.inputValue() : "";
  await page.getByRole("button", { name: /inbound token/ }).click();
  await page.getByRole("button", { name: "Make a new token" }).click();
  await expect(page.getByTestId("token-status")).toContainText("New token made.");
  await expect(page.getByTestId("token-state")).toContainText("A token is set.");
  await expect(token).toHaveValue(/^\d+\.[0-9a-f]{64}$/);
  await expect(token).toHaveAttribute("readonly", "");
  await expect(token).toBeFocused();
  const after = await token.inputValue();
  expect(after).not.toBe(before);
  // The token stays readable: it is shown again after a reload.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("inbound-token")).toHaveValue(after);
  expect(realErrors(errors)).toEqual([]);
});

test("an admin creates a queue and an account and edits them in their tables", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page, ADMIN);

  // Queues
  const queue = uniqueWord("Queue ");
  await page.goto("/admin/queues");
  await hydrated(page);
  const newQueue = createPanel(page, "New queue");
  await newQueue.getByLabel("Name").fill(queue);
  await newQueue.getByRole("button", { name: "Create queue" }).click();
  await expect(page.getByTestId("admin-status")).toHaveText("Queue created.");
  const queueRow = page.locator(`[data-testid="queue-row"][data-name="${queue}"]`);
  await expect(queueRow).toHaveCount(1);
  await expect(queueRow.locator('[data-col="running"]')).toHaveText("0");
  await expect(page.locator('[data-testid="queue-row"] .badge')).toHaveCount(1);
  const renamed = `${queue} renamed`;
  await queueRow.getByLabel(/^Name of/).fill(renamed);
  await queueRow.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByTestId("admin-status")).toHaveText(`Saved ${renamed}.`);
  await expect(page.locator(`[data-testid="queue-row"][data-name="${renamed}"]`)).toHaveCount(1);

  // Accounts
  const identifier = uniqueWord("ACC-").toUpperCase();
  await page.goto("/admin/accounts");
  await hydrated(page);
  const newAccount = createPanel(page, "New account");
  await newAccount.getByLabel("Account identifier").fill("HAS SPACE");
  await newAccount.getByLabel("Name").fill("Spacey Ltd");
  await newAccount.getByRole("button", { name: "Create account" }).click();
  await expect(newAccount.locator("#new-account-identifier-error")).toHaveText("No spaces in an identifier");
  await newAccount.getByLabel("Account identifier").fill(identifier);
  await newAccount.getByLabel("Name").fill("Acme Test Ltd");
  await newAccount.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("admin-status")).toHaveText("Account created.");

  await page.getByLabel("Filter", { exact: true }).fill(identifier);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/accounts\\?q=${identifier}$`));
  const accountRow = page.locator(`[data-testid="account-row"][data-identifier="${identifier}"]`);
  await expect(page.getByTestId("account-row")).toHaveCount(1);
  await accountRow.getByLabel(/^Name of/).fill("Acme Renamed Ltd");
  await accountRow.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("admin-status")).toHaveText(`Saved ${identifier}.`);
  await page.reload();
  await hydrated(page);
  await expect(accountRow.getByLabel(/^Name of/)).toHaveValue("Acme Renamed Ltd");

  expect(realErrors(errors)).toEqual([]);
});
