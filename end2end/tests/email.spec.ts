import { test, expect, Page, APIRequestContext, Browser } from "@playwright/test";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { hydrated, logIn, watchForErrors, AGENT1, logInBeforeWasm } from "./helpers";

// Communications intake and outgoing email (SPEC §3.7, §2.4). run.sh starts `server smtp-sink`
// before the server, points the server's SMTP_URL at it and exports its outbox directory as
// E2E_OUTBOX (each received message is a `<name>.eml` there, beside a `<name>.json`
// envelope). It also exports DATABASE_URL and SESSION_SECRET, so `server inbound-token` run
// from a test prints the same token the server checks. Every message a test posts has its own
// sender and Message-ID, so tests do not depend on each other or on the order they run in.

function uniqueWord(): string {
  let s = "";
  for (let i = 0; i < 8; i++) s += String.fromCharCode(97 + Math.floor(Math.random() * 26));
  return s;
}

function serverBin(): string {
  const bin = process.env.SERVER_BIN;
  if (!bin) throw new Error("SERVER_BIN is not set: run the tests through end2end/run.sh");
  return bin;
}

function outbox(): string {
  const dir = process.env.E2E_OUTBOX;
  if (!dir) throw new Error("E2E_OUTBOX is not set: run the tests through end2end/run.sh");
  return dir;
}

/** Tenant e2e's inbound token, as the command line prints it (made the first time). */
function inboundToken(): string {
  const out = execFileSync(serverBin(), ["inbound-token", "--tenant", "e2e"], { env: process.env, encoding: "utf8" });
  const token = out.split("\n").map((l) => l.trim()).find((l) => /^\d+\.[0-9a-f]{64}$/.test(l));
  if (!token) throw new Error(`no token in the output of inbound-token: ${out}`);
  return token;
}

/** A new caller and the raw email they send: unique address, name and Message-ID. */
function newEmail() {
  const word = uniqueWord();
  const last = "Marlow" + word;
  const caller = {
    first: "Dana",
    last,
    email: `dana.${word}@example.net`,
  };
  const messageId = `${word}.${Date.now()}@mail.example.net`;
  const subject = `Printer on fire ${word}`;
  // 606 bytes: the timeline shows the size as "606 B".
  const pdf = Buffer.alloc(606, 0x25).toString("base64");
  const raw = [
    `From: Dana ${last} <${caller.email}>`,
    "To: Support <support@callerdesk.localhost>",
    `Cc: Finance Desk <finance.${word}@example.net>`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${messageId}>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b-' + word + '"',
    "",
    `--b-${word}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Hello, the office printer (ref ${word}) is smoking. Invoice attached.`,
    "",
    `--b-${word}`,
    'Content-Type: application/pdf; name="invoice-2291.pdf"',
    'Content-Disposition: attachment; filename="invoice-2291.pdf"',
    "Content-Transfer-Encoding: base64",
    "",
    ...(pdf.match(/.{1,76}/g) ?? []),
    `--b-${word}--`,
    "",
  ].join("\r\n");
  return { word, caller, messageId, subject, raw };
}

type Stored = {
  status: string;
  communication_id: number;
  contact_id: number | null;
  contact_created: boolean;
  work_item: string | null;
  work_item_action: string | null;
  auto_reply: boolean;
};

async function postEmail(request: APIRequestContext, raw: string, expected: number): Promise<Stored> {
  const answer = await request.post("/api/v1/inbound/email", {
    headers: { Authorization: `Bearer ${inboundToken()}`, "Content-Type": "message/rfc822" },
    data: Buffer.from(raw, "utf8"),
  });
  expect(answer.status(), await answer.text()).toBe(expected);
  expect(answer.headers()["content-type"]).toContain("application/json");
  return (await answer.json()) as Stored;
}

/** Posts a new caller's email; answers it with the ticket it created. */
async function ticketFromEmail(request: APIRequestContext) {
  const email = newEmail();
  const stored = await postEmail(request, email.raw, 201);
  expect(stored.work_item).toMatch(/^\d+-T$/);
  return { ...email, stored, reference: stored.work_item! };
}

/** The `.eml` files in the outbox whose text contains `needle`. */
function outboxMessages(needle: string): string[] {
  const dir = outbox();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
    .filter((text) => text.includes(needle));
}

async function openItem(page: Page, reference: string) {
  await page.goto(`/work-items/${reference}`);
  await hydrated(page);
}

/** Opens the composer and writes `subject` and `body`; answers the composer. */
async function writeEmail(page: Page, subject: string, body: string) {
  const composer = page.getByTestId("email-composer");
  await composer.locator("summary").click();
  await composer.getByLabel("Subject", { exact: true }).fill(subject);
  await composer.getByLabel("Message", { exact: true }).fill(body);
  return composer;
}

/** The timeline entry whose text contains `text`. */
function timelineEntry(page: Page, text: string) {
  return page.getByTestId("timeline").getByTestId("comm").filter({ hasText: text });
}

test("an incoming email from an unknown sender creates a contact and a ticket, once", async ({ page, request }) => {
  const errors = watchForErrors(page);
  const email = newEmail();
  const stored = await postEmail(request, email.raw, 201);
  expect(stored.status).toBe("stored");
  expect(stored.contact_created).toBe(true);
  expect(stored.work_item_action).toBe("created");
  expect(stored.auto_reply).toBe(false);
  expect(stored.work_item).toMatch(/^\d+-T$/);
  expect(stored.contact_id).toBeGreaterThan(0);

  await logIn(page);
  await openItem(page, stored.work_item!);
  const entry = timelineEntry(page, email.subject);
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Incoming email");
  await expect(entry).toContainText(email.caller.email);
  await expect(entry).toContainText(`Hello, the office printer (ref ${email.word}) is smoking.`);
  await expect(entry.getByTestId("comm-cc")).toContainText(`finance.${email.word}@example.net`);
  await expect(entry.getByTestId("attachment")).toHaveText("invoice-2291.pdf (606 B)");
  await expect(entry.getByTestId("auto-reply")).toHaveCount(0);
  await expect(entry.getByTestId("send-status")).toHaveCount(0);

  const card = page.locator(`[data-testid="tagged-contact"][data-contact-id="${stored.contact_id}"]`);
  await expect(card).toContainText(email.caller.last);
  await expect(card).toContainText(email.caller.email);
  await card.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${stored.contact_id}$`));
  await hydrated(page);
  await expect(page.getByTestId("contact-heading")).toContainText(email.caller.last);
  const comm = page.getByTestId("comms-list").getByTestId("comm").filter({ hasText: email.subject });
  await expect(comm).toHaveCount(1);
  await expect(comm.getByTestId("attachment")).toHaveText("invoice-2291.pdf (606 B)");

  // The mail service delivers the same message again: nothing new is stored.
  const again = await postEmail(request, email.raw, 200);
  expect(again.status).toBe("duplicate");
  expect(again.communication_id).toBe(stored.communication_id);
  expect(errors).toEqual([]);
});

test("an email without the inbound token is refused", async ({ request }) => {
  const email = newEmail();
  const answer = await request.post("/api/v1/inbound/email", {
    headers: { Authorization: "Bearer 1.0000", "Content-Type": "message/rfc822" },
    data: Buffer.from(email.raw, "utf8"),
  });
  expect(answer.status()).toBe(401);
});

test("an agent answers an incoming email from the work item and the reply threads to it", async ({ page, request }) => {
  const errors = watchForErrors(page);
  const item = await ticketFromEmail(request);
  await logIn(page);
  await openItem(page, item.reference);

  const subject = `Re: printer ${item.word}`;
  const body = `Hello Dana,\nplease unplug it. (${item.word})`;
  const composer = await writeEmail(page, subject, body);
  await expect(composer.getByLabel("To", { exact: true })).toHaveValue(item.caller.email);
  await expect(composer.getByTestId("email-from")).toContainText("From: ");
  await expect(composer.getByTestId("no-relay")).toHaveCount(0);
  await composer.getByRole("button", { name: "Send" }).click();

  await expect(composer.getByTestId("email-status")).toHaveText("Sent.");
  await expect(composer.getByLabel("Message", { exact: true })).toBeHidden();
  const entry = timelineEntry(page, subject);
  await expect(entry).toContainText("Outgoing email");
  await expect(entry.getByTestId("send-status")).toHaveAttribute("data-status", "sent");
  await expect(entry.getByTestId("send-status")).toHaveText("Sent");

  // The relay (the SMTP sink) received it, threaded to the caller's email.
  await expect.poll(() => outboxMessages(subject).length).toBe(1);
  const sent = outboxMessages(subject)[0];
  expect(sent).toMatch(new RegExp(`^In-Reply-To: <${item.messageId.replace(/\./g, "\\.")}>\\r?$`, "mi"));
  expect(sent).toMatch(new RegExp(`^To: .*${item.caller.email.replace(/\./g, "\\.")}`, "mi"));
  expect(sent).toContain(`+${item.reference}@`);

  // Opening the composer again starts from the draft: the message box is empty.
  await composer.locator("summary").click();
  await expect(composer.getByLabel("Message", { exact: true })).toHaveValue("");
  expect(errors).toEqual([]);
});

test("a refused email keeps the composer open with the message beside the field", async ({ page, request }) => {
  const errors = watchForErrors(page);
  const item = await ticketFromEmail(request);
  await logIn(page);
  await openItem(page, item.reference);
  const composer = await writeEmail(page, `Bad address ${item.word}`, "Hello");
  const to = composer.getByLabel("To", { exact: true });
  await to.fill("not an address");
  await composer.getByRole("button", { name: "Send" }).click();
  await expect(composer.getByTestId("email-to-error")).toContainText("not an address");
  await expect(to).toHaveAttribute("aria-invalid", "true");
  await expect(to).toHaveAttribute("aria-describedby", /email-to-error/);
  await expect(composer.getByLabel("Message", { exact: true })).toHaveValue("Hello");
  await expect(timelineEntry(page, `Bad address ${item.word}`)).toHaveCount(0);
  expect(outboxMessages(`Bad address ${item.word}`)).toEqual([]);
  // The refusal answers 422, which the browser logs; nothing else went wrong.
  expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
});

test("an email the relay refuses is kept as not sent and goes out on Retry", async ({ page, request }) => {
  const errors = watchForErrors(page);
  const item = await ticketFromEmail(request);
  await logIn(page);
  await openItem(page, item.reference);
  const subject = `Retry me ${item.word}`;
  const composer = await writeEmail(page, subject, "This one goes out on the second try.");

  // The sink answers "451 could not store the message" while its outbox directory is gone:
  // a real temporary refusal from the relay. Tests run one at a time (workers: 1), so no other
  // test sends meanwhile; the directory is put back whatever happens.
  const dir = outbox();
  const away = `${dir}.away`;
  fs.renameSync(dir, away);
  try {
    await composer.getByRole("button", { name: "Send" }).click();
    await expect(composer.getByTestId("email-error")).toContainText("Not sent: ");
    await expect(composer.getByTestId("email-status")).toHaveText("");
  } finally {
    fs.renameSync(away, dir);
  }
  const entry = timelineEntry(page, subject);
  const status = entry.getByTestId("send-status");
  await expect(status).toHaveAttribute("data-status", "failed");
  await expect(status).toContainText("Not sent — ");
  await expect(status).toContainText("451");
  expect(outboxMessages(subject)).toEqual([]);

  await entry.getByTestId("retry-email").click();
  await expect(page.getByTestId("retry-status")).toHaveText("Sent.");
  await expect(timelineEntry(page, subject).getByTestId("send-status")).toHaveAttribute("data-status", "sent");
  await expect(timelineEntry(page, subject).getByTestId("retry-email")).toHaveCount(0);
  await expect.poll(() => outboxMessages(subject).length).toBe(1);
  expect(outboxMessages(subject)[0]).toMatch(/^In-Reply-To: </im);
  expect(errors).toEqual([]);
});


test("writing, refusing and retrying an email work before the WebAssembly loads", async ({ browser, request }) => {
  const item = await ticketFromEmail(request);
  const { context, page } = await logInBeforeWasm(browser);
  await page.goto(`/work-items/${item.reference}`);
  const composer = page.getByTestId("email-composer");

  // A refusal comes back in the URL: the composer is shown open with the message by its field.
  await composer.locator("summary").click();
  await composer.getByLabel("To", { exact: true }).fill("nobody");
  await composer.getByLabel("Subject", { exact: true }).fill(`Plain ${item.word}`);
  await composer.getByLabel("Message", { exact: true }).fill("Sent by the browser itself.");
  await composer.getByRole("button", { name: "Send" }).click();
  await expect(page).toHaveURL(new RegExp(`/work-items/${item.reference}\\?`));
  await expect(composer.getByTestId("email-to-error")).toContainText("nobody");
  await expect(composer.getByLabel("To", { exact: true })).toHaveAttribute("aria-invalid", "true");

  // The relay refuses it (see the test above): kept, shown as not sent, with Retry.
  const subject = `Plain ${item.word}`;
  await page.goto(`/work-items/${item.reference}`);
  await composer.locator("summary").click();
  await expect(composer.getByLabel("To", { exact: true })).toHaveValue(item.caller.email);
  await composer.getByLabel("Subject", { exact: true }).fill(subject);
  await composer.getByLabel("Message", { exact: true }).fill("Sent by the browser itself.");
  const dir = outbox();
  const away = `${dir}.away`;
  fs.renameSync(dir, away);
  try {
    await composer.getByRole("button", { name: "Send" }).click();
    await expect(timelineEntry(page, subject).getByTestId("send-status")).toHaveAttribute("data-status", "failed");
  } finally {
    fs.renameSync(away, dir);
  }
  await timelineEntry(page, subject).getByTestId("retry-email").click();
  await expect(page).toHaveURL(new RegExp(`/work-items/${item.reference}`));
  await expect(timelineEntry(page, subject).getByTestId("send-status")).toHaveAttribute("data-status", "sent");
  await expect.poll(() => outboxMessages(subject).length).toBe(1);
  await context.close();
});
