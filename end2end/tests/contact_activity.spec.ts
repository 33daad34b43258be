import { test, expect, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { hydrated, logIn, watchForErrors, AGENT1 } from "./helpers";

// The Contact Activity page's sections beside Caller Details (SPEC §2.3): Caller Activity,
// Caller Communications, Start New Work Item, Notes and the History of changes. run.sh seeds
// tenant `e2e` and exports SERVER_BIN and DATABASE_URL, so a test can add its own fixture
// communications through the command line.

/** Adds a communication to a contact with the server's CLI; answers its id. */
function addCommunication(contactId: string, subject: string, text: string, html: string): string {
  const bin = process.env.SERVER_BIN;
  if (!bin) throw new Error("SERVER_BIN is not set: run the tests through end2end/run.sh");
  const out = execFileSync(bin, [
    "add-communication", "--tenant", "e2e", "--contact-id", contactId,
    "--kind", "email", "--direction", "incoming", "--from", "someone@example.com",
    "--subject", subject, "--text", text, "--html", html,
  ], { env: process.env, encoding: "utf8" });
  return out.trim();
}

/** A word no seeded text contains (letters only, so it is read as a plain word). */
function uniqueWord(prefix: string): string {
  let s = prefix;
  for (let i = 0; i < 8; i++) s += String.fromCharCode(97 + Math.floor(Math.random() * 26));
  return s;
}

async function firstContactId(page: Page, which: "first" | "last" = "first"): Promise<string> {
  await page.goto("/contacts");
  const links = page.locator("table.contacts-table tbody tr td:first-child a");
  const href = await (which === "first" ? links.first() : links.last()).getAttribute("href");
  const id = href?.match(/^\/contacts\/(\d+)$/)?.[1];
  if (!id) throw new Error(`no contact link on /contacts (got ${href})`);
  return id;
}

async function count(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).textContent())?.trim());
}

const commsSearch = (page: Page) =>
  page.getByRole("search", { name: "Search this contact's communications" });
const activityFilter = (page: Page) => page.getByRole("search", { name: "Filter work items" });

test("running work items by default; completed ones on request, with both counts", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  await page.goto("/contacts");
  const hrefs = await page
    .locator("table.contacts-table tbody tr td:first-child a")
    .evaluateAll((links) => links.map((l) => l.getAttribute("href") ?? ""));
  // The seeded data gives most contacts a mix; take the first one that has both kinds.
  let found: { href: string; running: number; completed: number } | null = null;
  for (const href of hrefs) {
    await page.goto(href);
    const running = await count(page, "running-count");
    const completed = await count(page, "completed-count");
    if (running > 0 && completed > 0) {
      found = { href, running, completed };
      break;
    }
  }
  expect(found, "a seeded contact with running and completed work items").not.toBeNull();
  const { href, running, completed } = found!;
  await page.goto(href);
  await hydrated(page);

  const cards = page.getByTestId("activity-card");
  await expect(cards).toHaveCount(Math.min(running, 20));
  for (const state of await page.getByTestId("card-state").allTextContents()) {
    expect(["Draft", "To Do", "In Progress", "Waiting"]).toContain(state.trim());
  }
  // Each card says its due date in words as well as in colour, and links to its work item.
  await expect(cards.first().getByTestId("card-due")).toHaveText(/Overdue|Due|No due date/);
  await expect(cards.first().locator("a").first()).toHaveAttribute("href", /^\/work-items\/\d+-[TC]$/);

  await page.getByTestId("toggle-completed").click();
  await expect(page).toHaveURL(/[?&]completed=1/);
  await expect(cards).toHaveCount(Math.min(running + completed, 20));
  await expect(page.getByTestId("card-state").filter({ hasText: /Resolved|Closed/ }).first()).toBeVisible();
  // The counts do not depend on the toggle.
  expect(await count(page, "running-count")).toBe(running);
  expect(await count(page, "completed-count")).toBe(completed);
  await expect(page.getByTestId("toggle-completed")).toHaveText("Hide completed");

  await page.getByTestId("toggle-completed").click();
  await expect(cards).toHaveCount(Math.min(running, 20));
  expect(errors).toEqual([]);
});

test("searching the communications finds the one email with the word, highlighted", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const id = await firstContactId(page);
  const word = uniqueWord("quokka");
  addCommunication(
    id,
    "Question about my order",
    `Hello, the parcel arrived but the ${word} inside was broken.`,
    `<p>Hello, the parcel arrived but the <b>${word}</b> inside was broken.</p>`,
  );

  await page.goto(`/contacts/${id}`);
  await hydrated(page);
  await commsSearch(page).getByLabel("Search").fill(word);
  await commsSearch(page).getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${word}`));

  const comms = page.getByTestId("comm");
  await expect(comms).toHaveCount(1);
  await expect(comms.first()).toContainText("Incoming email");
  await expect(comms.first()).toContainText("someone@example.com");
  await expect(comms.first().locator("[data-testid=comm-snippet] mark")).toHaveText(word);

  // A word nobody wrote: an honest empty state.
  await commsSearch(page).getByLabel("Search").fill(uniqueWord("nothing"));
  await commsSearch(page).getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("comms-empty")).toContainText("No communications match");
  await expect(comms).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("an email's HTML is shown without running any of its scripts", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  // A contact no other test opens: the image below fails to load wherever it is shown.
  const id = await firstContactId(page, "last");
  const word = uniqueWord("evil");
  addCommunication(
    id,
    `Invoice ${word}`,
    `Please see the invoice ${word}.`,
    `<p>Please see the invoice ${word}.</p>` +
      `<script>window.__pwned = 1; document.title = "pwned";</script>` +
      `<img src="x" onerror="window.__pwned = 2; document.title = 'pwned'">` +
      `<a href="javascript:window.__pwned=3">click</a>`,
  );

  await page.goto(`/contacts/${id}?q=${word}`);
  await hydrated(page);
  const list = page.getByTestId("comms-list");
  await expect(page.getByTestId("comm")).toHaveCount(1);
  await page.getByText("Whole message").click();
  await expect(list.locator(".comm-html")).toContainText(`Please see the invoice ${word}.`);
  await expect(list.locator("script")).toHaveCount(0);
  await expect(list.locator("[onerror]")).toHaveCount(0);
  await expect(list.locator('a[href^="javascript:"]')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page).not.toHaveTitle("pwned");
  // The image the sanitiser may keep points nowhere; its failed load is not our error.
  expect(errors.filter((e) => !e.includes("Failed to load resource"))).toEqual([]);
});

test("add, edit and delete a note (deleting asks first)", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const id = await firstContactId(page);
  await page.goto(`/contacts/${id}`);
  await hydrated(page);

  // An empty note is refused beside the field, before anything is sent.
  const field = page.getByLabel("New note");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByTestId("note-error")).toContainText("cannot be empty");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAttribute("aria-describedby", "new-note-error");

  const text = `Called back about the refund ${uniqueWord("note")}`;
  await field.fill(text);
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByTestId("note").filter({ hasText: text })).toHaveCount(1);
  const noteId = await page.getByTestId("note").filter({ hasText: text }).getAttribute("data-note-id");
  const note = page.locator(`[data-testid=note][data-note-id="${noteId}"]`);
  await expect(note).toContainText(AGENT1.name);
  await expect(field).toHaveValue("");
  await expect(field).toHaveAttribute("aria-invalid", "false");
  await expect(page.getByTestId("notes-list").getByTestId("note").first()).toContainText(text);
  // Notes appear in Communications too.
  await expect(page.getByTestId("comm").filter({ hasText: text })).toHaveCount(1);

  await note.getByRole("button", { name: "Edit" }).click();
  const editor = note.getByLabel("Edit note");
  await expect(editor).toBeFocused();
  await editor.fill("   ");
  await note.getByRole("button", { name: "Save" }).click();
  await expect(note.getByTestId("note-edit-error")).toContainText("cannot be empty");
  const edited = `${text} — refund approved`;
  await editor.fill(edited);
  await note.getByRole("button", { name: "Save" }).click();
  await expect(note).toContainText(edited);
  const after = note;
  await expect(after.getByTestId("note-edited")).toHaveText("edited");

  await after.getByRole("button", { name: "Delete" }).click();
  await expect(after).toContainText("Delete this note?");
  await after.getByRole("button", { name: "Cancel" }).click();
  await expect(after.getByRole("button", { name: "Edit" })).toBeVisible();
  await after.getByRole("button", { name: "Delete" }).click();
  await after.getByRole("button", { name: "Yes, delete" }).click();
  await expect(note).toHaveCount(0);
  await expect(page.getByTestId("comm").filter({ hasText: edited })).toHaveCount(0);

  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("note").filter({ hasText: text })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("starting a work item from a type lands on it with the contact tagged four ways", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const id = await firstContactId(page);
  await page.goto(`/contacts/${id}`);
  await hydrated(page);
  const start = page.getByTestId("start-type").first();
  await expect(start).toBeVisible();
  await start.click();
  await expect(page).toHaveURL(/\/work-items\/\d+-[TC]$/);
  await expect(page.getByTestId("work-item-heading")).toBeVisible();
  await expect(page.locator('[data-field="state"]')).toHaveText("Draft");
  const tagged = page.locator(`[data-testid=tagged-contact][data-contact-id="${id}"]`);
  await expect(tagged).toHaveCount(1);
  await expect(tagged.locator(".tag")).toHaveText([
    "Primary Contact",
    "Requester",
    "Original Requester",
    "Subject",
  ]);
  await tagged.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${id}$`));
  expect(errors).toEqual([]);
});

test("the sections' filters live in the URL and survive a reload and back", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const id = await firstContactId(page);
  await page.goto(`/contacts/${id}`);
  await hydrated(page);

  await activityFilter(page).getByLabel("State").selectOption("resolved");
  await activityFilter(page).getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]state=resolved/);
  await commsSearch(page).getByLabel("Kind").selectOption("email");
  await commsSearch(page).getByLabel("From").fill("2020-01-01");
  await commsSearch(page).getByRole("button", { name: "Search" }).click();
  // Applying one section's filter keeps the other's.
  await expect(page).toHaveURL(/[?&]kind=email/);
  await expect(page).toHaveURL(/[?&]state=resolved/);
  await expect(page).toHaveURL(/[?&]from=2020-01-01/);
  await expect(page).not.toHaveURL(/[?&]q=/);
  for (const state of await page.getByTestId("card-state").allTextContents()) {
    expect(state.trim()).toBe("Resolved");
  }
  for (const label of await page.locator("[data-testid=comm] .hit-kind").allTextContents()) {
    expect(label).toMatch(/email/);
  }

  await page.reload();
  await hydrated(page);
  await expect(activityFilter(page).getByLabel("State")).toHaveValue("resolved");
  await expect(commsSearch(page).getByLabel("Kind")).toHaveValue("email");
  await expect(commsSearch(page).getByLabel("From")).toHaveValue("2020-01-01");

  await page.goBack();
  await expect(page).toHaveURL(/[?&]state=resolved/);
  await expect(page).not.toHaveURL(/[?&]kind=/);
  await expect(commsSearch(page).getByLabel("Kind")).toHaveValue("");
  expect(errors).toEqual([]);
});
