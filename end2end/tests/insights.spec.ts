import { test, expect, Page, Browser, Locator } from "@playwright/test";
import { ADMIN, AGENT1, hydrated, logIn, watchForErrors, logInBeforeWasm } from "./helpers";

// Personality Insights (SPEC §3.6): an admin turns the feature on and recomputes the tenant's
// reference; the contact page shows how far a contact is from being scored, then bands once
// verbatim examples pass 100 words; a paraphrase is kept but not counted; deleting an example
// lowers the count; the same works before the WebAssembly loads; turned off, the panel is gone.
//
// The tests run in order and share one fresh contact. They switch a tenant setting that the
// other spec files do not expect on, so the last one (and afterAll, whatever happened) turns it
// off again.
test.describe.configure({ mode: "serial" });

/** The add-example server function, for giving reference contacts text quickly. */
const ADD_EXAMPLE = "/api/insights/examples/add";

/** Four ways of writing; each is given to a quarter of the reference contacts, so no style's
 * words are used by more than 30% of them (those would be dropped as the business's words). */
const STYLES = [
  "What a fantastic party we had with all our friends! Everyone was laughing and dancing to the music. " +
    "I loved the celebration so much, it was pure joy and fun! Thanks a million, you are amazing! " +
    "We will invite the whole gang again next summer for another wild night of games and cheerful songs!",
  "I am worried and nervous about the delay, and honestly I feel anxious and upset. I am afraid " +
    "something is wrong again, I cannot sleep and I feel sad and angry about it. I hate waiting and " +
    "I fear my complaint will be ignored. I am frustrated, scared and miserable, and I do not trust it.",
  "Our project schedule requires the delivery before the quarterly deadline. The committee approved " +
    "the budget, and the engineering department will document every achievement in the annual report. " +
    "Please confirm the contract terms, the invoice numbers and the meeting agenda for the board.",
  "My grandmother and the children send their warmest wishes to your kind team. Our family home feels " +
    "cosy again, and my husband says thank you for your patience and sympathy. We care about our " +
    "neighbours and the church community, and we appreciate your gentle help with our little house.",
];

/** `text` repeated until it has at least `words` words. */
function atLeastWords(text: string, words: number): string {
  let out = text;
  while (out.split(/\s+/).length < words) out += " " + text;
  return out;
}

/** About 61 words, sociable and cheerful. */
const CHEERFUL =
  "Thank you so much for the quick help yesterday! My family and I were thrilled, and we celebrated " +
  "with friends at a lovely party on Saturday. Everyone loved the new speakers and the music sounded " +
  "wonderful. I am happy to recommend you to all my friends, and I will certainly be back for the " +
  "birthday celebration next month. Great work, team!";
/** About 58 words, businesslike. */
const ORDERLY =
  "The invoice arrived today and everything is in order. I have scheduled the installation for " +
  "Tuesday morning, and our office manager will meet your engineer at reception. Please bring the " +
  "signed contract and the warranty papers, because our accountant needs copies for the annual " +
  "audit. We appreciate the careful planning and the clear, punctual communication from your team.";

function uniqueWord(prefix: string): string {
  let s = prefix;
  for (let i = 0; i < 8; i++) s += String.fromCharCode(97 + Math.floor(Math.random() * 26));
  return s;
}

/** Turns Personality Insights on or off on the settings page (as the signed-in admin). */
async function setInsights(page: Page, on: boolean) {
  await page.goto("/admin/settings");
  await hydrated(page);
  const box = page.getByLabel("Personality Insights", { exact: true });
  await box.setChecked(on);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByTestId("settings-status")).toHaveText("Settings saved.");
  await expect(box).toBeChecked({ checked: on });
}

const panel = (page: Page) => page.getByTestId("insights-panel");
const strength = (page: Page) => page.getByTestId("insights-strength");
const examples = (page: Page) => panel(page).getByTestId("insights-example");

/** The word count the panel shows. */
async function words(page: Page): Promise<number> {
  return Number(await strength(page).getAttribute("data-words"));
}

/** Adds an example through the panel's form. */
async function addExample(page: Page, text: string, verbatim = true) {
  const form: Locator = page.getByTestId("insights-add-example");
  await form.getByLabel("Example of how the contact writes").fill(text);
  await form.getByLabel("Verbatim quote").setChecked(verbatim);
  await form.getByRole("button", { name: "Add example" }).click();
}

/** The fresh contact the tests share (made by the second test). */
let contactUrl = "";

test.afterAll(async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, ADMIN);
  await setInsights(page, false);
  await context.close();
});

test("an admin turns Personality Insights on and recomputes the tenant's reference", async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchForErrors(page);
  await logIn(page, ADMIN);
  await page.goto("/admin/settings");
  await hydrated(page);
  // While the feature is off there is no reference to recompute.
  if (!(await page.getByLabel("Personality Insights", { exact: true }).isChecked())) {
    await expect(page.getByRole("button", { name: "Recompute reference now" })).toHaveCount(0);
  }
  await setInsights(page, true);

  // Twelve seeded contacts write 150+ words each, in four styles, so bands have a reference.
  await page.goto("/contacts");
  const ids = (
    await page
      .locator("table.contacts-table tbody tr td:first-child a")
      .evaluateAll((links) => links.map((l) => l.getAttribute("href") ?? ""))
  )
    .map((href) => href.match(/^\/contacts\/(\d+)$/)?.[1])
    .filter((id): id is string => !!id)
    .slice(0, 12);
  expect(ids.length).toBe(12);
  for (const [i, id] of ids.entries()) {
    const answer = await page.request.post(ADD_EXAMPLE, {
      form: { contact: id, text: atLeastWords(STYLES[i % STYLES.length], 150), verbatim: "true" },
    });
    expect(answer.ok(), await answer.text()).toBe(true);
  }

  await page.goto("/admin/settings");
  await hydrated(page);
  const reference = page.getByTestId("insights-reference");
  await expect(reference.getByRole("heading", { name: "Personality Insights reference" })).toBeVisible();
  await reference.getByRole("button", { name: "Recompute reference now" }).click();
  const summary = page.getByTestId("insights-norms-summary");
  await expect(summary).toContainText("Reference recomputed");
  const found = Number((await summary.textContent())?.match(/(\d+) contacts with 100 words or more/)?.[1]);
  expect(found).toBeGreaterThanOrEqual(12);
  await expect(summary).not.toContainText("not scored");
  expect(errors).toEqual([]);
});

test("a contact with no text yet shows a progress bar instead of scores", async ({ page }) => {
  const errors = watchForErrors(page);
  await logIn(page, AGENT1);
  const last = `Quillon${uniqueWord("")}`;
  await page.goto(`/contacts/new?text=${encodeURIComponent(`Ines ${last}`)}`);
  await hydrated(page);
  await expect(page.getByLabel("Last name")).toHaveValue(last);
  await page.getByRole("button", { name: "Save contact" }).click();
  await expect(page).toHaveURL(/\/contacts\/\d+$/);
  await expect(page.getByTestId("contact-heading")).toContainText(last);
  contactUrl = new URL(page.url()).pathname;
  await hydrated(page);

  await expect(panel(page).getByRole("heading", { name: "Personality Insights", level: 2 })).toBeVisible();
  await expect(panel(page)).toContainText("Based on word use only — not a psychological assessment.");
  await expect(strength(page)).toContainText("Not enough text");
  await expect(strength(page)).toContainText("0 words");
  const progress = page.getByTestId("insights-progress");
  await expect(progress).toHaveText("0 of 100 words");
  await expect(progress).toHaveAttribute("max", "100");
  await expect(progress).toHaveAttribute("value", "0");
  await expect(panel(page).getByTestId("insights-sources-empty")).toBeVisible();
  await expect(panel(page).getByTestId("trait-big5_extraversion")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("verbatim examples past 100 words show bands; a paraphrase is not counted; deleting lowers the count", async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchForErrors(page);
  await logIn(page, AGENT1);
  await page.goto(contactUrl);
  await hydrated(page);

  await addExample(page, CHEERFUL);
  await expect(page.getByTestId("insights-status")).toHaveText("Example added.");
  await expect(examples(page)).toHaveCount(1);
  await expect(page.getByLabel("Example of how the contact writes")).toBeFocused();
  const first = await words(page);
  expect(first).toBeGreaterThan(40);
  expect(first).toBeLessThan(100);
  await expect(page.getByTestId("insights-progress")).toHaveText(`${first} of 100 words`);
  // The example is among the texts counted so far.
  await expect(panel(page).getByTestId("insights-source")).toHaveCount(1);
  await expect(panel(page).getByTestId("insights-source")).toContainText("Example");

  await addExample(page, ORDERLY);
  await expect(examples(page)).toHaveCount(2);
  await expect(strength(page)).toContainText("Weak");
  const both = await words(page);
  expect(both).toBeGreaterThanOrEqual(100);
  await expect(page.getByTestId("insights-progress")).toHaveCount(0);
  for (const id of ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"]) {
    await expect(panel(page).getByTestId(`trait-big5_${id}`)).toHaveAttribute("data-band", /^(low|typical|high)$/);
  }
  // Weak text: bands only, no percentiles.
  await expect(panel(page)).not.toContainText("percentile (");
  await expect(panel(page).getByTestId("insights-group-needs")).toContainText("experimental");
  await expect(panel(page).getByTestId("insights-group-values").locator("li.trait")).toHaveCount(5);
  const ideal = panel(page).getByTestId("trait-need_ideal");
  await expect(ideal).toHaveAttribute("data-band", "unscored");
  await expect(ideal.getByTestId("trait-note")).not.toBeEmpty();
  await expect(panel(page).getByTestId("insights-norms")).toHaveAttribute("data-mode", /^(bands|percentiles)$/);
  // Some trait shows the words that drove it.
  await expect(panel(page).getByTestId("trait-evidence").first()).toContainText("×");

  const paraphrase = `She said the delivery was late again ${uniqueWord("p")}`;
  await addExample(page, paraphrase, false);
  const kept = examples(page).filter({ hasText: paraphrase });
  await expect(kept).toHaveCount(1);
  await expect(kept).toContainText("paraphrase — not counted");
  await expect(kept).toHaveAttribute("data-counted", "false");
  expect(await words(page)).toBe(both);
  // A verbatim example says so.
  await expect(examples(page).filter({ hasText: "The invoice arrived today" })).toContainText("verbatim");
  await expect(examples(page).filter({ hasText: "The invoice arrived today" })).toContainText(AGENT1.name);

  // Deleting the cheerful example takes its words out again.
  await examples(page).filter({ hasText: "Thank you so much" }).getByRole("button", { name: /Delete/ }).click();
  await expect(page.getByTestId("insights-status")).toHaveText("Example deleted.");
  await expect(examples(page)).toHaveCount(2);
  await expect(strength(page)).toContainText("Not enough text");
  expect(await words(page)).toBe(both - first);
  await expect(page.getByTestId("insights-progress")).toHaveText(`${both - first} of 100 words`);

  // An empty example is refused before it is sent.
  await page.getByTestId("insights-add-example").getByRole("button", { name: "Add example" }).click();
  await expect(page.getByTestId("insights-example-error")).toHaveText("Paste or type what the contact wrote");
  await expect(page.getByLabel("Example of how the contact writes")).toHaveAttribute("aria-invalid", "true");
  expect(errors).toEqual([]);
});


test("examples are added, refused and deleted before the WebAssembly loads", async ({ browser }) => {
  const { context, page } = await logInBeforeWasm(browser);
  await page.goto(contactUrl);
  await expect(panel(page)).toBeVisible();
  const before = await words(page);
  const count = await examples(page).count();

  // A refusal comes back in the URL and is shown beside the field.
  await page.getByTestId("insights-add-example").getByRole("button", { name: "Add example" }).click();
  await expect(page).toHaveURL(new RegExp(`${contactUrl}\\?`));
  await expect(page.getByTestId("insights-example-error")).toHaveText("Paste or type what the contact wrote");

  await page.goto(contactUrl);
  await addExample(page, CHEERFUL);
  await expect(page).toHaveURL(new RegExp(`${contactUrl}\\??$`));
  await expect(examples(page)).toHaveCount(count + 1);
  expect(await words(page)).toBeGreaterThan(before);
  await expect(strength(page)).toContainText("Weak");
  await expect(panel(page).getByTestId("trait-big5_extraversion")).toHaveAttribute("data-band", /^(low|typical|high)$/);

  await examples(page).filter({ hasText: "Thank you so much" }).getByRole("button", { name: /Delete/ }).click();
  await expect(page).toHaveURL(new RegExp(`${contactUrl}\\??$`));
  await expect(examples(page)).toHaveCount(count);
  expect(await words(page)).toBe(before);
  await context.close();
});

test("when the admin turns the feature off the panel is gone from the contact page", async ({ page, browser }) => {
  const errors = watchForErrors(page);
  await logIn(page, ADMIN);
  await setInsights(page, false);
  await expect(page.getByRole("button", { name: "Recompute reference now" })).toHaveCount(0);

  const agent = await browser.newContext();
  const agentPage = await agent.newPage();
  const agentErrors = watchForErrors(agentPage);
  await logIn(agentPage, AGENT1);
  await agentPage.goto(contactUrl);
  await hydrated(agentPage);
  await expect(agentPage.getByTestId("contact-heading")).toBeVisible();
  await expect(agentPage.getByRole("heading", { name: "Notes" })).toBeVisible();
  await expect(panel(agentPage)).toHaveCount(0);
  await expect(agentPage.getByRole("heading", { name: "Personality Insights" })).toHaveCount(0);
  // Its functions refuse too.
  const answer = await agentPage.request.post(ADD_EXAMPLE, {
    form: { contact: contactUrl.split("/").pop() ?? "", text: "hello there", verbatim: "true" },
  });
  expect(answer.ok()).toBe(false);
  expect(errors).toEqual([]);
  expect(agentErrors).toEqual([]);
  await agent.close();
});
