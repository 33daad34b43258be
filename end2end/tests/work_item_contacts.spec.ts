import { test, expect, Locator, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { hydrated, logIn, watchForErrors } from "./helpers";

// The work item's Contacts card (SPEC §2.4, §3.3) and creating a contact from it: the contact
// search (people only, the Quickfind engine), adding, tags, Remove, Create a Contact with its
// return address, duplicates, and refused return addresses. run.sh seeds tenant `e2e`; each
// test makes its own Draft without contacts through the command line, so the first contact
// added is predictable.

type Contact = { id: string; name: string; email: string };

const picker = (page: Page) => page.getByRole("combobox", { name: "Search contacts to add" });
const found = (page: Page) => page.getByRole("listbox", { name: "Contacts found" });
const createRow = (page: Page) => page.getByTestId("picker-create");
const personRow = (page: Page, id: string) =>
  page.locator(`[data-testid=picker-person][data-contact-id="${id}"]`);
const tagged = (page: Page, id: string) =>
  page.locator(`[data-testid=tagged-contact][data-contact-id="${id}"]`);
const tagsOf = (row: Locator) => row.locator("ul.tags .tag");

const FIRST_CONTACT_TAGS = ["Primary Contact", "Requester", "Original Requester", "Subject"];

/**
 * A new Draft ticket with no contacts, made with the server's command line (run.sh exports
 * SERVER_BIN and DATABASE_URL), so the first contact added is predictable. The seed has no
 * such item: every seeded Draft has its Primary Contact.
 */
function contactlessItem(title = "Contacts card test"): string {
  const bin = process.env.SERVER_BIN;
  if (!bin) throw new Error("SERVER_BIN is not set: run the tests through end2end/run.sh");
  const out = execFileSync(
    bin,
    ["create-work-item", "--tenant", "e2e", "--type", "General enquiry", "--title", title],
    { env: process.env, encoding: "utf8" },
  );
  const reference = out.trim().split("\n").pop()?.trim() ?? "";
  expect(reference, "create-work-item prints the new item's reference").toMatch(/^\d+-[TC]$/);
  return reference;
}

/** Contacts listed on /contacts that have a first and last name and an email. */
async function seededContacts(page: Page): Promise<Contact[]> {
  await page.goto("/contacts");
  const rows = page.locator("table.contacts-table tbody tr");
  await expect(rows.first()).toBeVisible();
  const all = await rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const link = tr.querySelector("td:first-child a");
      return {
        id: link?.getAttribute("href")?.match(/^\/contacts\/(\d+)$/)?.[1] ?? "",
        name: link?.textContent?.trim() ?? "",
        email: tr.querySelector("td:nth-child(2)")?.textContent?.trim() ?? "",
      };
    }),
  );
  const named = all.filter((c) => c.id && /^\p{L}+ \p{L}+$/u.test(c.name) && c.email.includes("@"));
  expect(named.length, "seeded contacts with a name and an email").toBeGreaterThan(3);
  return named;
}

async function openItem(page: Page, reference: string) {
  await page.goto(`/work-items/${reference}`);
  await expect(page.getByTestId("work-item-heading")).toContainText(reference);
  await hydrated(page);
}

/** Types into the contact search and waits for the answer to exactly that text. */
async function search(page: Page, text: string) {
  await picker(page).fill(text);
  await expect(found(page).locator(".qf-create .hit-meta")).toHaveText(`from “${text}”`);
  await expect(picker(page)).toHaveAttribute("aria-expanded", "true");
}

/** Searches for a contact by name and adds it by clicking its row. */
async function addByClick(page: Page, c: Contact) {
  await search(page, c.name);
  await personRow(page, c.id).click();
  await expect(tagged(page, c.id)).toHaveCount(1);
}

test("an existing contact is found, added with its tags, and opens its Contact Activity page", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const [contact] = await seededContacts(page);
  const reference = contactlessItem();
  await openItem(page, reference);
  await expect(page.getByTestId("no-contacts")).toBeVisible();

  await search(page, contact.name);
  // People only: every row is a person, and the last row is Create a Contact.
  const rows = found(page).getByRole("option");
  await expect(rows.last()).toHaveText(/Create a Contact/);
  await expect(personRow(page, contact.id)).toBeVisible();
  expect(await rows.count()).toBe((await found(page).getByTestId("picker-person").count()) + 1);
  await personRow(page, contact.id).click();

  const row = tagged(page, contact.id);
  await expect(tagsOf(row)).toHaveText(FIRST_CONTACT_TAGS);
  await expect(page.getByTestId("contacts-card-status")).toHaveText(`Added ${contact.name} to the work item.`);
  await expect(picker(page)).toHaveValue("");

  await row.getByRole("link", { name: contact.name }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await expect(page.getByTestId("contact-heading")).toHaveText(contact.name);

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/work-items/${reference}$`));
  await expect(tagsOf(tagged(page, contact.id))).toHaveText(FIRST_CONTACT_TAGS);
  expect(errors).toEqual([]);
});

test("Create a Contact from an unknown email comes back to the work item with the contact tagged", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const reference = contactlessItem();
  await openItem(page, reference);

  await search(page, "jane.doe@example.com");
  // Nobody has that address: Create a Contact is the only row.
  await expect(page.getByTestId("contact-picker-status")).toHaveText("Nobody found. Create a Contact is offered.");
  await expect(found(page).getByRole("option")).toHaveCount(1);
  await createRow(page).click();

  await expect(page).toHaveURL(
    `/contacts/new?via=work_item&text=jane.doe%40example.com&return_to=%2Fwork-items%2F${reference}`,
  );
  await expect(page.getByTestId("return-target")).toContainText(reference);
  await expect(page.getByTestId("return-target").getByRole("link", { name: reference })).toHaveAttribute(
    "href",
    `/work-items/${reference}`,
  );
  await hydrated(page);
  await expect(page.getByLabel("First name")).toHaveValue("Jane");
  await expect(page.getByLabel("Last name")).toHaveValue("Doe");
  await expect(page.getByRole("textbox", { name: "Email" })).toHaveValue("jane.doe@example.com");
  await expect(page.getByTestId("duplicate")).toHaveCount(0);
  await page.getByRole("button", { name: "Save contact" }).click();

  await expect(page).toHaveURL(new RegExp(`/work-items/${reference}$`));
  const jane = page.getByTestId("tagged-contact").filter({ hasText: "Jane Doe" });
  await expect(jane).toHaveCount(1);
  await expect(tagsOf(jane)).toHaveText(FIRST_CONTACT_TAGS);
  await expect(jane).toContainText("jane.doe@example.com");
  expect(errors).toEqual([]);
});

test("typed text “Smith, John” is decoded into first and last name; Cancel goes back", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const reference = contactlessItem();
  await openItem(page, reference);

  await search(page, "Smith, John");
  await createRow(page).click();
  await expect(page).toHaveURL(/\/contacts\/new\?via=work_item&text=Smith%2C%20John&return_to=/);
  await hydrated(page);
  await expect(page.getByLabel("First name")).toHaveValue("John");
  await expect(page.getByLabel("Last name")).toHaveValue("Smith");
  await expect(page.getByRole("textbox", { name: "Email" })).toHaveValue("");

  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(new RegExp(`/work-items/${reference}$`));
  await expect(page.getByTestId("no-contacts")).toBeVisible();
  expect(errors).toEqual([]);
});

test("an email that exists is shown as a duplicate; “Use this contact instead” links the existing contact", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const contacts = await seededContacts(page);
  const existing = contacts[1];
  const reference = contactlessItem();
  await openItem(page, reference);

  await search(page, existing.email);
  // The person is found, and Create a Contact is still the last row (Arrow Up wraps to it).
  await expect(found(page).getByTestId("picker-person").first()).toBeVisible();
  await picker(page).press("ArrowUp");
  await expect(createRow(page)).toHaveAttribute("aria-selected", "true");
  await picker(page).press("Enter");
  await expect(page).toHaveURL(/\/contacts\/new\?via=work_item&/);
  await hydrated(page);
  await expect(page.getByRole("textbox", { name: "Email" })).toHaveValue(existing.email);

  // Shown before saving, with the reason.
  const duplicate = page.locator(`[data-testid=duplicate][data-contact-id="${existing.id}"]`);
  await expect(duplicate).toBeVisible();
  await expect(duplicate).toContainText(existing.name);
  await expect(duplicate.getByTestId("duplicate-reasons")).toContainText("Same email");

  // Saving anyway is refused on the email, and the duplicate stays in view.
  await page.getByRole("button", { name: "Save contact" }).click();
  await expect(page.getByTestId("error-email")).not.toBeEmpty();
  await expect(page).toHaveURL(/\/contacts\/new\?/);
  await expect(duplicate).toBeVisible();

  await duplicate.getByRole("button", { name: "Use this contact instead" }).click();
  await expect(page).toHaveURL(new RegExp(`/work-items/${reference}$`));
  await expect(tagsOf(tagged(page, existing.id))).toHaveText(FIRST_CONTACT_TAGS);
  await expect(page.getByTestId("tagged-contact")).toHaveCount(1);
  expect(errors).toEqual([]);
});

test("a return address that is not a work item here is refused and no form is shown", async ({ page }) => {
  await logIn(page);
  for (const returnTo of ["https%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example", "%2Fwork-items%2F999999-T"]) {
    await page.goto(`/contacts/new?via=work_item&text=Jane%20Doe&return_to=${returnTo}`);
    const refused = page.getByTestId("return-refused");
    await expect(refused).toBeVisible();
    await expect(refused).toHaveAttribute("role", "alert");
    await expect(refused).toContainText("This return address is not a work item here.");
    await expect(page.getByLabel("First name")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save contact" })).toHaveCount(0);
  }
  // The form without a return address is the plain create form, as before.
  await page.goto("/contacts/new?text=Jane%20Doe");
  await expect(page.getByLabel("First name")).toHaveValue("Jane");
  await expect(page.getByTestId("return-target")).toHaveCount(0);
});

test("giving a single-holder tag moves it; the Original Requester cannot be removed, others can", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const contacts = await seededContacts(page);
  const [first, second] = [contacts[2], contacts[3]];
  const reference = contactlessItem();
  await openItem(page, reference);

  await addByClick(page, first);
  await addByClick(page, second);
  await expect(tagsOf(tagged(page, first.id))).toHaveText(FIRST_CONTACT_TAGS);
  await expect(tagsOf(tagged(page, second.id))).toHaveText(["CC"]);

  // Primary Contact moves from the first contact to the second.
  const secondRow = tagged(page, second.id);
  await secondRow.getByText("Edit tags").click();
  await secondRow.getByLabel("Primary Contact").check();
  await secondRow.getByRole("button", { name: "Save tags" }).click();
  await expect(tagsOf(tagged(page, second.id))).toHaveText(["Primary Contact", "CC"]);
  await expect(tagsOf(tagged(page, first.id))).toHaveText(["Requester", "Original Requester", "Subject"]);
  await expect(page.getByTestId("contacts-card-status")).toHaveText("Tags saved.");

  // The Original Requester: its box cannot be changed and it has no Remove.
  const firstRow = tagged(page, first.id);
  await firstRow.getByText("Edit tags").click();
  await expect(firstRow.getByLabel("Original Requester")).toBeDisabled();
  await expect(firstRow.getByLabel("Original Requester")).toBeChecked();
  await expect(firstRow.getByTestId("remove-contact")).toHaveCount(0);
  await expect(firstRow.getByTestId("stays-note")).toBeVisible();

  // Adding someone already on the item is refused, and said so.
  await search(page, first.name);
  await expect(personRow(page, first.id)).toContainText("Already on this work item");
  await personRow(page, first.id).click();
  await expect(page.getByTestId("contacts-card-error").getByRole("alert")).toContainText(
    "is already on this work item",
  );

  await tagged(page, second.id).getByTestId("remove-contact").click();
  await expect(tagged(page, second.id)).toHaveCount(0);
  await expect(page.getByTestId("contacts-card-error")).toHaveCount(0);
  // What the card shows is what the server kept.
  await page.reload();
  await expect(tagged(page, second.id)).toHaveCount(0);
  await expect(tagsOf(tagged(page, first.id))).toHaveText(["Requester", "Original Requester", "Subject"]);
  expect(errors).toEqual([]);
});

test("keyboard: Arrow Down and Enter add the highlighted person; Esc closes the list", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page);
  const contacts = await seededContacts(page);
  const contact = contacts[4 % contacts.length];
  const reference = contactlessItem();
  await openItem(page, reference);

  await picker(page).focus();
  await page.keyboard.type(contact.name);
  await expect(found(page).locator(".qf-create .hit-meta")).toHaveText(`from “${contact.name}”`);
  const firstOption = found(page).getByRole("option").first();
  const firstId = await firstOption.getAttribute("data-contact-id");
  expect(firstId, "a person is found by name").toBeTruthy();

  await page.keyboard.press("ArrowDown");
  await expect(firstOption).toHaveAttribute("aria-selected", "true");
  await expect(picker(page)).toHaveAttribute("aria-activedescendant", (await firstOption.getAttribute("id")) ?? "");
  await page.keyboard.press("Enter");
  await expect(tagged(page, firstId!)).toHaveCount(1);
  await expect(tagsOf(tagged(page, firstId!))).toHaveText(FIRST_CONTACT_TAGS);
  await expect(picker(page)).toBeFocused();

  await page.keyboard.type(contact.name);
  await expect(picker(page)).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Escape");
  await expect(picker(page)).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Escape");
  await expect(picker(page)).toHaveValue("");
  expect(errors).toEqual([]);
});
