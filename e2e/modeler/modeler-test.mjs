// The element templates in a real browser, used as a Modeler user uses them: for each template,
// create a service task, find the template in the chooser by typing "Intercom", apply it, fill the
// form, choose the Europe region, set a result variable and export the BPMN XML. The exported files are written to
// the output folder (the Java end-to-end test deploys and runs them unchanged), linted with the
// Modeler's linter, and screenshots of the chooser and the filled form are taken.
//
// usage: node modeler-test.mjs <output folder> [screenshot folder]
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { startServer, loadTemplates } from './modeler-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, 'target', 'modeler'));
const shots = resolve(process.argv[3] ?? join(out, 'screenshots'));
mkdirSync(out, { recursive: true });
mkdirSync(shots, { recursive: true });
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  fail(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
}

function fail(message) {
  console.error(`MODELER TEST FAILED: ${message}`);
  process.exit(1);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const templatesDir = resolve(here, '../../element-templates');
const TEMPLATES = loadTemplates(templatesDir);

const ATTACH = 'io.github.intercomconnector.attach-subscription';
const DETACH = 'io.github.intercomconnector.detach-subscription';
const SET_CONSENT = 'io.github.intercomconnector.set-consent';
const GET_CONSENT = 'io.github.intercomconnector.get-consent';
const ERASE_CONTACT = 'io.github.intercomconnector.erase-contact';
const SET_EMAIL_OPT_OUT = 'io.github.intercomconnector.set-email-opt-out';

/** The properties panel entry with this label, inside the template's group. */
function entry(page, label) {
  return page.locator('.bio-properties-panel-entry', {
    has: page.locator('.bio-properties-panel-label', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) })
  });
}

async function expectFields(page, labels, templateName) {
  for (const label of labels) {
    const count = await entry(page, label).count();
    check(count === 1, `${templateName}: the form shows ${count} fields labelled "${label}", expected 1`);
    check(await entry(page, label).isVisible(), `${templateName}: field "${label}" is hidden but should show`);
  }
}

/**
 * Every field the template shows is one the flow expects: a property nobody meant to be there (a
 * constant the generator took for a field, a property without a group under "Custom properties")
 * fails here. `allowed` lists each label the template may show under any choice.
 */
async function expectOnlyFields(page, templateId, allowed, templateName) {
  const template = TEMPLATES.find((t) => t.id === templateId);
  check(template, `no template ${templateId}`);
  const groups = [...(template.groups ?? []).map((g) => g.label), 'Custom properties'];
  const shown = [];
  for (const group of await page.locator('.bio-properties-panel-group').all()) {
    const title = (await group.locator('.bio-properties-panel-group-header-title').first().textContent() ?? '').trim();
    if (!groups.includes(title)) continue;
    check(title !== 'Custom properties', `${templateName}: the form shows "Custom properties", a property without a group`);
    for (const label of await group.locator('.bio-properties-panel-entry .bio-properties-panel-label').all()) {
      if (await label.isVisible()) shown.push((await label.textContent()).trim());
    }
  }
  check(shown.length > 0, `${templateName}: no field found in the template's groups ${groups.join(', ')}`);
  const unexpected = shown.filter((label) => !allowed.includes(label));
  check(unexpected.length === 0, `${templateName}: the form shows fields the test does not expect: ${unexpected.join(', ')}`);
}

async function expectHidden(page, label, why) {
  const count = await entry(page, label).count();
  check(count === 0, `field "${label}" shows although ${why}`);
}

async function openAllGroups(page) {
  for (const header of await page.locator('.bio-properties-panel-group-header').all()) {
    if (!(await header.getAttribute('class')).includes('open')) await header.click();
  }
}

async function select(page, label, value) {
  await entry(page, label).locator('select').selectOption(value);
}

async function type(page, label, text) {
  const field = entry(page, label);
  const input = field.locator('input[type=text], input:not([type]), textarea').first();
  await input.fill(text);
  if (!text.startsWith('=')) {
    await input.press('Tab');
  } else {
    // A FEEL-optional field turns into the FEEL editor when its value starts with '='.
    await field.locator('.bio-properties-panel-feel-editor-container, [contenteditable]').first().waitFor();
  }
}

/** Empties a field, as a user clearing it, and waits for the panel's debounced update. */
async function clear(page, label) {
  const input = entry(page, label).locator('input').first();
  await input.click();
  await input.press('Control+A');
  await input.press('Backspace');
  await input.press('Tab');
  await page.waitForTimeout(600);
}

async function newServiceTask(page, processId) {
  await page.goto(`${baseUrl}/?process=${processId}`);
  const templates = await page.evaluate(() => window.modelerReady);
  check(templates >= 2, `the page loaded ${templates} element templates`);
  // Append a task to the start event from its context pad, then change it into a service task.
  await page.click('.djs-element[data-element-id="StartEvent_1"]');
  await page.click('.djs-context-pad .entry[data-action="append.append-task"]');
  await page.click('.djs-context-pad .entry[data-action="replace"]');
  await page.keyboard.type('Service task');
  await page.keyboard.press('Enter');
  await page.locator('.bio-properties-panel-header-type', { hasText: /service task/i }).waitFor();
}

async function applyTemplate(page, templateId, templateName, screenshot) {
  await page.locator('.bio-properties-panel-group', { hasText: 'Template' }).getByRole('button', { name: 'Select' }).click();
  const chooser = page.locator('.element-template-chooser');
  await chooser.waitFor();
  await page.waitForTimeout(300);
  // With few templates for an element (events), the chooser lists them without a search box.
  if (await chooser.locator('input').count() > 0) await typeInto(chooser.locator('input'), 'Intercom');
  const found = chooser.locator('.entry:visible', { hasText: templateName });
  check(await found.count() === 1, `typing "Intercom" in the template chooser does not find "${templateName}"`);
  check(await chooser.locator(`.entry[data-id="apply-template-${templateId}"]`).count() === 1,
    `the chooser entry "${templateName}" is not the template ${templateId}`);
  if (screenshot) await page.screenshot({ path: join(shots, screenshot) });
  await found.click();
  const escaped = templateName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await page.locator('.bio-properties-panel-header-type', { hasText: new RegExp(escaped, 'i') }).waitFor();
  await openAllGroups(page);
}

// What users type to find the Intercom tasks, and which tasks they must find. Both the template
// chooser and the append menu search a template's top-level keywords.
const ATTACH_NAME = 'Intercom: Attach subscription';
const DETACH_NAME = 'Intercom: Detach subscription';
const SET_CONSENT_NAME = 'Intercom: Set consent';
const GET_CONSENT_NAME = 'Intercom: Get consent';
const ERASE_CONTACT_NAME = 'Intercom: Erase contact';
const SET_EMAIL_OPT_OUT_NAME = 'Intercom: Set email opt-out';
const EVERY_TASK = [ATTACH_NAME, DETACH_NAME, SET_CONSENT_NAME, GET_CONSENT_NAME];
// The append menu also offers the event on the kinds of event that can follow an element.
const APPENDED_EVENTS = ['Intercom: Consent changed (intermediate catch event)',
  'Intercom: Consent changed (boundary event)'];
const SEARCHES = [
  ['consent', [...EVERY_TASK, SET_EMAIL_OPT_OUT_NAME], APPENDED_EVENTS],
  ['GDPR', [...EVERY_TASK, ERASE_CONTACT_NAME, SET_EMAIL_OPT_OUT_NAME], APPENDED_EVENTS],
  ['unsubscribe', [...EVERY_TASK, SET_EMAIL_OPT_OUT_NAME], APPENDED_EVENTS],
  ['opt-out', [...EVERY_TASK, SET_EMAIL_OPT_OUT_NAME], APPENDED_EVENTS],
  ['preferences', EVERY_TASK, APPENDED_EVENTS],
  ['newsletter', [ATTACH_NAME, SET_CONSENT_NAME], []],
  ['withdraw', [DETACH_NAME, SET_CONSENT_NAME, SET_EMAIL_OPT_OUT_NAME], []],
  ['stop all email', [SET_EMAIL_OPT_OUT_NAME], []],
  ['subject access request', [GET_CONSENT_NAME], []],
  ['erase', [ERASE_CONTACT_NAME], []],
  ['right to be forgotten', [ERASE_CONTACT_NAME], []],
  ['webhook', [], APPENDED_EVENTS]
];

/** Types into a popup's search box key by key, as the popup filters on key presses. */
async function typeInto(search, text) {
  await search.waitFor();
  await search.fill('');
  await search.pressSequentially(text);
}

/** The Intercom tasks a popup list shows now, by name. */
async function intercomEntries(list) {
  const names = await list.locator('.entry:visible').allInnerTexts();
  return [...new Set(names.map((n) => n.split('\n')[0].trim()).filter((n) => n.startsWith('Intercom: ')))].sort();
}

async function expectFound(list, word, expected, where) {
  const wanted = [...expected].sort();
  let found = [];
  for (let tries = 0; tries < 20; tries++) {
    found = await intercomEntries(list);
    if (JSON.stringify(found) === JSON.stringify(wanted)) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  check(false, `typing "${word}" in the ${where} finds [${found.join(', ')}], expected [${wanted.join(', ')}]`);
}

/** Each word in the template chooser of a new service task. */
async function searchTheTemplateChooser(page) {
  for (const [word, expected] of SEARCHES) {
    if (expected.length === 0) continue;
    await newServiceTask(page, 'keyword-search');
    await page.locator('.bio-properties-panel-group', { hasText: 'Template' }).getByRole('button', { name: 'Select' }).click();
    const chooser = page.locator('.element-template-chooser');
    await chooser.waitFor();
    await typeInto(chooser.locator('input'), word);
    await expectFound(chooser, word, expected, 'template chooser');
    await page.keyboard.press('Escape');
  }
}

/** Each word in the append menu of the start event. */
async function searchTheAppendMenu(page) {
  await page.goto(`${baseUrl}/?process=append-search`);
  await page.evaluate(() => window.modelerReady);
  for (const [word, tasks, events] of SEARCHES) {
    const expected = [...tasks, ...events];
    await page.evaluate(() => window.modeler.get('selection').select(null));
    await page.click('.djs-element[data-element-id="StartEvent_1"]');
    await page.click('.djs-context-pad .entry[data-action="append"]');
    const menu = page.locator('.djs-popup');
    await menu.waitFor();
    await typeInto(menu.locator('input'), word);
    await expectFound(menu, word, expected, 'append menu');
    await page.keyboard.press('Escape');
  }
}

/**
 * A diagram made with template version 1: the Modeler offers the update, the update keeps what
 * was filled in, and the updated diagram is exported for the Java test to run.
 */
async function upgradeVersion1(page) {
  const name = ATTACH_NAME;
  await page.goto(`${baseUrl}/?process=upgrade`);
  await page.evaluate(() => window.modelerReady);
  const v1 = readFileSync(join(here, '../src/test/resources/diagrams/onboarding-template-v1.bpmn'), 'utf8')
    .replaceAll('onboarding-template-v1', 'modeler-upgraded');
  await page.evaluate((xml) => window.modeler.importXML(xml), v1);
  await page.click('.djs-element[data-element-id="OptInToNewsletter"]');
  const offer = page.locator('.bio-properties-panel-template-update-available');
  await offer.waitFor();
  await offer.click();
  await page.getByText('Update', { exact: true }).click();
  await page.locator('.bio-properties-panel-template-update-available').waitFor({ state: 'detached' });
  await openAllGroups(page);
  await expectFields(page, ['Find the contact by', 'Contact ID', 'Find the subscription type by', 'Subscription type ID'], name);
  const xml = await exportXml(page, 'modeler-upgraded.bpmn');
  // The newest version of Attach: a form change raises it, and the update must reach it.
  const newest = Math.max(...TEMPLATES.filter((t) => t.id === ATTACH).map((t) => t.version));
  check(xml.includes(`zeebe:modelerTemplateVersion="${newest}"`), `${name}: the update did not apply version ${newest}`);
  expectHeader(xml, 'elementTemplateVersion', String(newest), name);
  expectHeader(xml, 'retryBackoff', 'PT2S', name);
  expectInput(xml, 'contactId', '=contactId', name);
  expectInput(xml, 'subscriptionTypeId', '=newsletterSubscriptionTypeId', name);
  expectInput(xml, 'contactBy', 'id', name);
  expectInput(xml, 'subscriptionTypeBy', 'id', name);
  expectInput(xml, 'connection.baseUrl', '{{secrets.INTERCOM_BASE_URL}}', name);
  expectInput(xml, 'connection.accessToken', '{{secrets.INTERCOM_ACCESS_TOKEN}}', name);
  expectHeader(xml, 'resultVariable', 'newsletterSubscription', name);
}

/** The whole filled form, top to bottom. */
async function formScreenshot(page, file) {
  await page.setViewportSize({ width: 1400, height: 3200 });
  await page.locator('#properties').evaluate((e) => { e.scrollTop = 0; });
  await page.locator('#properties').screenshot({ path: join(shots, file) });
  await page.setViewportSize({ width: 1400, height: 900 });
}

async function exportXml(page, file) {
  const { xml } = await page.evaluate(() => window.modeler.saveXML({ format: true }));
  writeFileSync(join(out, file), xml);
  return xml;
}

function expectInput(xml, target, source, templateName) {
  const escaped = source.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const m = xml.match(new RegExp(`<zeebe:input source="([^"]*)" target="${target.replace('.', '\\.')}" />`));
  check(m, `${templateName}: the exported task has no input bound to ${target}`);
  check(m[1] === escaped, `${templateName}: the input ${target} holds ${m[1]}, expected ${escaped}`);
}

function expectHeader(xml, key, value, templateName) {
  check(xml.includes(`<zeebe:header key="${key}" value="${value}" />`), `${templateName}: the task header ${key} is not ${value}`);
}

const COMMON = ['Access token', 'Region', 'Intercom-Version', 'Find the contact by', 'Contact ID',
  'Find the subscription type by', 'Subscription type ID',
  'Connect timeout (seconds)', 'Read timeout (seconds)', 'Call timeout (seconds)',
  'Result variable', 'Result expression', 'Error expression', 'Retries', 'Retry backoff'];

const SEARCH_ONLY = ['Contact role', 'When several contacts match', 'Wait for a new contact (seconds)'];
// What a form may show besides COMMON under some choice: the other ways to find a contact and a
// type, a custom region and version, the evidence.
const CHOICES = ['Email', 'External ID', ...SEARCH_ONLY, 'Subscription type name', 'Custom base URL',
  'Other Intercom-Version'];
const EVIDENCE = ['Wording shown', 'Where they answered', 'When they answered'];
// The legal basis of the change (Set consent, Attach, Detach, Erase, Set email opt-out); the
// explanation shows once a basis is chosen.
const LEGAL_BASIS = ['Legal basis', 'Explanation'];

/** The contact and subscription type parts: each value field shows only for its choice. */
async function checkLookupConditions(page, name) {
  await checkContactConditions(page, name);
  await expectHidden(page, 'Subscription type name', 'the type is found by its id');
  await select(page, 'Find the subscription type by', 'name');
  await expectFields(page, ['Subscription type name'], name);
  await expectHidden(page, 'Subscription type ID', 'the type is found by name');
  await select(page, 'Find the subscription type by', 'id');
  await expectFields(page, ['Subscription type ID'], name);
}

/** The contact part: each value field, and the search settings, show only for their choice. */
async function checkContactConditions(page, name) {
  for (const label of ['Email', 'External ID', ...SEARCH_ONLY]) {
    await expectHidden(page, label, 'the contact is found by its Intercom id');
  }
  await expectHidden(page, 'Subscription type name', 'the type is found by its id');
  await select(page, 'Find the contact by', 'email');
  await expectFields(page, ['Email', ...SEARCH_ONLY], name);
  await expectHidden(page, 'Contact ID', 'the contact is found by email');
  await expectHidden(page, 'External ID', 'the contact is found by email');
  await select(page, 'Find the contact by', 'external_id');
  await expectFields(page, ['External ID', ...SEARCH_ONLY], name);
  await expectHidden(page, 'Email', 'the contact is found by external id');
  await select(page, 'Find the contact by', 'id');
  await expectFields(page, ['Contact ID'], name);
  for (const label of SEARCH_ONLY) {
    await expectHidden(page, label, 'the contact is found by its Intercom id again');
  }
}

async function attachFlow(page) {
  const name = 'Intercom: Attach subscription';
  await newServiceTask(page, 'modeler-attach');
  await applyTemplate(page, ATTACH, name, 'template-chooser.png');
  await expectOnlyFields(page, ATTACH, [...COMMON, ...CHOICES, ...EVIDENCE, 'Consent type', 'Consent type expression',
    ...LEGAL_BASIS], name);
  await expectFields(page, [...COMMON, 'Consent type'], name);
  await expectHidden(page, 'Custom base URL', 'the region is not Custom');
  await expectHidden(page, 'Other Intercom-Version', 'the version is not Other');
  await expectHidden(page, 'Consent type expression', 'the consent type is not a FEEL expression');
  // conditions: a custom region shows the base URL, "Other" shows the version field
  await select(page, 'Region', 'custom');
  await expectFields(page, ['Custom base URL'], name);
  await select(page, 'Intercom-Version', 'other');
  await expectFields(page, ['Other Intercom-Version'], name);
  await select(page, 'Intercom-Version', '2.16');
  await select(page, 'Consent type', 'expression');
  await expectFields(page, ['Consent type expression'], name);
  await select(page, 'Consent type', 'opt_in');
  await checkLookupConditions(page, name);

  await type(page, 'Access token', '{{secrets.INTERCOM_EU_ACCESS_TOKEN}}');
  await select(page, 'Region', 'eu');
  await expectHidden(page, 'Custom base URL', 'the region is Europe');
  await select(page, 'Find the contact by', 'email');
  await type(page, 'Email', '=email');
  await select(page, 'When several contacts match', 'all');
  await select(page, 'Find the subscription type by', 'name');
  await type(page, 'Subscription type name', 'Newsletters');
  await type(page, 'Result variable', 'newsletterSubscription');
  await formScreenshot(page, 'attach-properties.png');
  const xml = await exportXml(page, 'modeler-attach.bpmn');
  expectInput(xml, 'connection.accessToken', '{{secrets.INTERCOM_EU_ACCESS_TOKEN}}', name);
  expectInput(xml, 'connection.region', 'eu', name);
  expectInput(xml, 'connection.intercomVersion', '2.16', name);
  expectInput(xml, 'contactBy', 'email', name);
  expectInput(xml, 'contactEmail', '=email', name);
  expectInput(xml, 'contactRole', 'any', name);
  expectInput(xml, 'whenSeveralContactsMatch', 'all', name);
  expectInput(xml, 'subscriptionTypeBy', 'name', name);
  expectInput(xml, 'subscriptionTypeName', 'Newsletters', name);
  check(!xml.includes('target="contactId"'), `${name}: the hidden Contact ID is still bound`);
  check(!xml.includes('target="subscriptionTypeId"'), `${name}: the hidden Subscription type ID is still bound`);
  expectInput(xml, 'consentType', 'opt_in', name);
  check(xml.includes('<zeebe:taskDefinition type="io.github.intercomconnector:attach-subscription:1"'), `${name}: wrong task type`);
  expectHeader(xml, 'resultVariable', 'newsletterSubscription', name);
  return xml;
}

async function detachFlow(page) {
  const name = 'Intercom: Detach subscription';
  await newServiceTask(page, 'modeler-detach');
  await applyTemplate(page, DETACH, name);
  await expectOnlyFields(page, DETACH, [...COMMON, ...CHOICES, ...EVIDENCE, 'Already detached counts as success',
    ...LEGAL_BASIS], name);
  await expectFields(page, [...COMMON, 'Already detached counts as success'], name);
  await expectHidden(page, 'Consent type', 'detach has no consent type');
  await checkLookupConditions(page, name);
  await type(page, 'Access token', '{{secrets.INTERCOM_EU_ACCESS_TOKEN}}');
  await select(page, 'Region', 'eu');
  await type(page, 'Contact ID', '=contactId');
  await type(page, 'Subscription type ID', '=subscriptionTypeId');
  await entry(page, 'Already detached counts as success').locator('input[type=checkbox], .bio-properties-panel-toggle-switch__switcher input').first().check();
  await type(page, 'Result variable', 'removedSubscription');
  // An optional field left empty becomes an empty input mapping, which the engine resolves to null.
  await clear(page, 'Connect timeout (seconds)');
  await formScreenshot(page, 'detach-properties.png');
  const xml = await exportXml(page, 'modeler-detach.bpmn');
  expectInput(xml, 'connection.region', 'eu', name);
  expectInput(xml, 'contactBy', 'id', name);
  expectInput(xml, 'contactId', '=contactId', name);
  expectInput(xml, 'subscriptionTypeBy', 'id', name);
  expectInput(xml, 'subscriptionTypeId', '=subscriptionTypeId', name);
  expectInput(xml, 'alreadyDetachedCountsAsSuccess', '=true', name);
  check(xml.includes('<zeebe:taskDefinition type="io.github.intercomconnector:detach-subscription:1"'), `${name}: wrong task type`);
  expectHeader(xml, 'resultVariable', 'removedSubscription', name);
  check(xml.includes('<zeebe:input target="connection.connectTimeoutSeconds" />'),
    `${name}: the cleared connect timeout is not an empty input mapping`);
  return xml;
}

async function setConsentFlow(page) {
  const name = SET_CONSENT_NAME;
  await newServiceTask(page, 'modeler-set-consent');
  await applyTemplate(page, SET_CONSENT, name);
  await expectOnlyFields(page, SET_CONSENT, [...COMMON, ...CHOICES, ...EVIDENCE, 'The contact agrees to receive these messages',
    ...LEGAL_BASIS], name);
  await expectFields(page, [...COMMON, 'The contact agrees to receive these messages', 'Wording shown', 'Where they answered', 'When they answered'], name);
  await expectHidden(page, 'Consent type', 'the connector chooses what the consent model needs');
  await checkLookupConditions(page, name);
  await type(page, 'Access token', '{{secrets.INTERCOM_EU_ACCESS_TOKEN}}');
  await select(page, 'Region', 'eu');
  await select(page, 'Find the contact by', 'external_id');
  await type(page, 'External ID', '=customerId');
  await select(page, 'Find the subscription type by', 'name');
  await type(page, 'Subscription type name', '=subscriptionName');
  await feelRequired(page, 'The contact agrees to receive these messages', 'consentGiven', name);
  await type(page, 'Wording shown', '=consentTextVersion');
  await type(page, 'Where they answered', 'preferences-page');
  await type(page, 'When they answered', '=answeredAt');
  await expectHidden(page, 'Explanation', 'no legal basis is chosen');
  await select(page, 'Legal basis', 'consent');
  await expectFields(page, ['Explanation'], name);
  await type(page, 'Explanation', 'Preferences page, notice v3');
  await type(page, 'Result variable', 'consent');
  await formScreenshot(page, 'set-consent-properties.png');
  const xml = await exportXml(page, 'modeler-set-consent.bpmn');
  expectInput(xml, 'connection.region', 'eu', name);
  expectInput(xml, 'contactBy', 'external_id', name);
  expectInput(xml, 'contactExternalId', '=customerId', name);
  expectInput(xml, 'contactRole', 'any', name);
  // Set consent's default: a person's answer reaches every record Intercom holds of them
  expectInput(xml, 'whenSeveralContactsMatch', 'all', name);
  expectInput(xml, 'contactSearchWaitSeconds', '=300', name);
  expectInput(xml, 'subscriptionTypeBy', 'name', name);
  expectInput(xml, 'subscriptionTypeName', '=subscriptionName', name);
  expectInput(xml, 'contactAgrees', '=consentGiven', name);
  expectInput(xml, 'consentWording', '=consentTextVersion', name);
  expectInput(xml, 'consentSource', 'preferences-page', name);
  expectInput(xml, 'consentAnsweredAt', '=answeredAt', name);
  expectInput(xml, 'legalBasis', 'consent', name);
  expectInput(xml, 'legalBasisExplanation', 'Preferences page, notice v3', name);
  check(!xml.includes('target="contactId"'), `${name}: the hidden Contact ID is still bound`);
  check(xml.includes('<zeebe:taskDefinition type="io.github.intercomconnector:set-consent:1"'), `${name}: wrong task type`);
  expectHeader(xml, 'resultVariable', 'consent', name);
  expectHeader(xml, 'retryBackoff', 'PT30S', name);
  return xml;
}

async function getConsentFlow(page) {
  const name = GET_CONSENT_NAME;
  await newServiceTask(page, 'modeler-get-consent');
  await applyTemplate(page, GET_CONSENT, name);
  const withoutType = COMMON.filter((l) => !l.includes('ubscription type'));
  await expectOnlyFields(page, GET_CONSENT, [...withoutType, ...CHOICES.filter((l) => !l.includes('ubscription type')),
    'Only these subscription types', 'Only this kind of message'], name);
  await expectFields(page, [...withoutType, 'Only these subscription types', 'Only this kind of message'], name);
  await expectHidden(page, 'Find the subscription type by', 'Get consent reads every type');
  await expectHidden(page, 'The contact agrees to receive these messages', 'Get consent writes nothing');
  await checkContactConditions(page, name);
  await type(page, 'Access token', '{{secrets.INTERCOM_EU_ACCESS_TOKEN}}');
  await select(page, 'Region', 'eu');
  await select(page, 'Find the contact by', 'email');
  await type(page, 'Email', '=email');
  await select(page, 'When several contacts match', 'all');
  await type(page, 'Only these subscription types', 'Newsletters, Marketing emails');
  await select(page, 'Only this kind of message', 'email');
  await formScreenshot(page, 'get-consent-properties.png');
  const xml = await exportXml(page, 'modeler-get-consent.bpmn');
  expectInput(xml, 'connection.region', 'eu', name);
  expectInput(xml, 'contactBy', 'email', name);
  expectInput(xml, 'contactEmail', '=email', name);
  expectInput(xml, 'whenSeveralContactsMatch', 'all', name);
  expectInput(xml, 'subscriptionTypes', 'Newsletters, Marketing emails', name);
  expectInput(xml, 'contentType', 'email', name);
  check(xml.includes('<zeebe:taskDefinition type="io.github.intercomconnector:get-consent:1"'), `${name}: wrong task type`);
  expectHeader(xml, 'resultVariable', 'consentPicture', name);
  return xml;
}

async function eraseContactFlow(page) {
  const name = ERASE_CONTACT_NAME;
  await newServiceTask(page, 'modeler-erase-contact');
  await applyTemplate(page, ERASE_CONTACT, name);
  const withoutType = COMMON.filter((l) => !l.includes('ubscription type'));
  await expectFields(page, [...withoutType, 'Erase by', 'Legal basis'], name);
  await expectHidden(page, 'Find the subscription type by', 'an erasure concerns no subscription type');
  await expectHidden(page, 'Explanation', 'no legal basis is chosen');
  await checkContactConditions(page, name);
  await type(page, 'Access token', '{{secrets.INTERCOM_EU_ACCESS_TOKEN}}');
  await select(page, 'Region', 'eu');
  await select(page, 'Find the contact by', 'email');
  await type(page, 'Email', '=email');
  await select(page, 'Erase by', 'archive');
  await select(page, 'Legal basis', 'legal_obligation');
  await expectFields(page, ['Explanation'], name);
  await type(page, 'Explanation', 'DSR-2026-0042');
  const xml = await exportXml(page, 'modeler-erase-contact.bpmn');
  expectInput(xml, 'connection.region', 'eu', name);
  expectInput(xml, 'contactBy', 'email', name);
  expectInput(xml, 'contactEmail', '=email', name);
  // An erasure's default: every record Intercom holds of the person
  expectInput(xml, 'whenSeveralContactsMatch', 'all', name);
  expectInput(xml, 'eraseBy', 'archive', name);
  expectInput(xml, 'legalBasis', 'legal_obligation', name);
  expectInput(xml, 'legalBasisExplanation', 'DSR-2026-0042', name);
  check(!xml.includes('target="contactId"'), `${name}: the hidden Contact ID is still bound`);
  check(xml.includes('<zeebe:taskDefinition type="io.github.intercomconnector:erase-contact:1"'), `${name}: wrong task type`);
  expectHeader(xml, 'resultVariable', 'erasure', name);
  expectHeader(xml, 'retryBackoff', 'PT30S', name);
  return xml;
}

async function setEmailOptOutFlow(page) {
  const name = SET_EMAIL_OPT_OUT_NAME;
  await newServiceTask(page, 'modeler-set-email-opt-out');
  await applyTemplate(page, SET_EMAIL_OPT_OUT, name);
  const withoutType = COMMON.filter((l) => !l.includes('ubscription type'));
  const agrees = 'The contact agrees to receive email';
  await expectOnlyFields(page, SET_EMAIL_OPT_OUT, [...withoutType, ...CHOICES.filter((l) => !l.includes('ubscription type')),
    ...EVIDENCE, agrees, ...LEGAL_BASIS], name);
  await expectFields(page, [...withoutType, agrees, ...EVIDENCE, 'Legal basis'], name);
  await expectHidden(page, 'Find the subscription type by', 'the global opt-out concerns no subscription type');
  await expectHidden(page, 'Explanation', 'no legal basis is chosen');
  await checkContactConditions(page, name);
  await type(page, 'Access token', '{{secrets.INTERCOM_EU_ACCESS_TOKEN}}');
  await select(page, 'Region', 'eu');
  await select(page, 'Find the contact by', 'email');
  await type(page, 'Email', '=email');
  await feelRequired(page, agrees, 'not(noEmailAtAll)', name);
  await type(page, 'Where they answered', 'privacy-request-form');
  await select(page, 'Legal basis', 'consent');
  await expectFields(page, ['Explanation'], name);
  await type(page, 'Explanation', 'Art. 7(3) withdrawal DSR-2026-0043');
  const xml = await exportXml(page, 'modeler-set-email-opt-out.bpmn');
  expectInput(xml, 'connection.region', 'eu', name);
  expectInput(xml, 'contactBy', 'email', name);
  expectInput(xml, 'contactEmail', '=email', name);
  // A person's answer to all email reaches every record Intercom holds of them
  expectInput(xml, 'whenSeveralContactsMatch', 'all', name);
  expectInput(xml, 'contactAgrees', '=not(noEmailAtAll)', name);
  expectInput(xml, 'consentSource', 'privacy-request-form', name);
  expectInput(xml, 'legalBasis', 'consent', name);
  expectInput(xml, 'legalBasisExplanation', 'Art. 7(3) withdrawal DSR-2026-0043', name);
  check(!xml.includes('target="contactId"'), `${name}: the hidden Contact ID is still bound`);
  check(!xml.includes('target="subscriptionType'), `${name}: a subscription type is bound`);
  check(xml.includes('<zeebe:taskDefinition type="io.github.intercomconnector:set-email-opt-out:1"'), `${name}: wrong task type`);
  expectHeader(xml, 'resultVariable', 'emailOptOut', name);
  expectHeader(xml, 'retryBackoff', 'PT30S', name);
  return xml;
}

/** A FEEL-required field: always the FEEL editor; it must start empty (no default answer). */
async function feelRequired(page, label, expression, name) {
  const editor = entry(page, label).locator('[contenteditable]').first();
  await editor.waitFor();
  check((await editor.textContent()).trim() === '', `${name}: ${label} has a default`);
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(expression);
  await page.keyboard.press('Tab');
  await page.waitForTimeout(600);
}

// "Intercom: Consent changed" on each kind of event. The element is made with the modeler's own
// API (the context pad differs per kind); the template is chosen and filled through the form.
const CONSENT_CHANGED = 'io.github.intercomconnector.consent-changed';
const CONSENT_CHANGED_FIELDS = ['Webhook ID', 'Signature check', 'Client secret', 'Topics', 'Activation condition',
  'Result variable', 'Result expression'];
const CONSENT_CHANGED_ALLOWED = [...CONSENT_CHANGED_FIELDS, 'Correlation key (process)', 'Correlation key (payload)',
  'Message ID expression', 'Message TTL', 'Subprocess correlation required'];

async function newEvent(page, processId, kind) {
  await page.goto(`${baseUrl}/?process=${processId}`);
  const templates = await page.evaluate(() => window.modelerReady);
  check(templates >= 2, `the page loaded ${templates} element templates`);
  const id = await page.evaluate((kind) => {
    const modeler = window.modeler;
    const registry = modeler.get('elementRegistry');
    const factory = modeler.get('elementFactory');
    const modeling = modeler.get('modeling');
    const start = registry.get('StartEvent_1');
    let element = start;
    if (kind === 'intermediate') {
      element = modeling.appendShape(start, factory.createShape({ type: 'bpmn:IntermediateCatchEvent',
        eventDefinitionType: 'bpmn:MessageEventDefinition' }), { x: start.x + 200, y: start.y + 18 });
    } else if (kind === 'boundary') {
      const task = modeling.appendShape(start, factory.createShape({ type: 'bpmn:Task' }),
        { x: start.x + 220, y: start.y + 18 });
      element = modeling.createShape(factory.createShape({ type: 'bpmn:BoundaryEvent',
        eventDefinitionType: 'bpmn:MessageEventDefinition' }), { x: task.x + 50, y: task.y + task.height },
        task, { attach: true });
    }
    return element.id;
  }, kind);
  await page.click(`.djs-element[data-element-id="${id}"]`);
  return id;
}

function expectProperty(xml, name, value, templateName) {
  const escaped = value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  check(xml.includes(`<zeebe:property name="${name}" value="${escaped}" />`),
    `${templateName}: the exported event has no property ${name} = ${value}`);
}

function consentChangedFlow(kind, label, message) {
  return async (page) => {
    const name = `Intercom: Consent changed (${label})`;
    await newEvent(page, `modeler-consent-changed-${kind}`, kind);
    await applyTemplate(page, `${CONSENT_CHANGED}.${kind}`, name);
    await expectOnlyFields(page, `${CONSENT_CHANGED}.${kind}`, CONSENT_CHANGED_ALLOWED, name);
    await expectFields(page, CONSENT_CHANGED_FIELDS, name);
    await select(page, 'Signature check', 'unsigned');
    await expectHidden(page, 'Client secret', 'the signature is not checked');
    await select(page, 'Signature check', 'required');
    await type(page, 'Webhook ID', `intercom-${kind}`);
    await type(page, 'Client secret', '{{secrets.INTERCOM_CLIENT_SECRET}}');
    await clear(page, 'Topics');
    await type(page, 'Topics', 'granular.unsubscribe, contact.unsubscribed');
    const continues = kind === 'intermediate' || kind === 'boundary';
    if (continues) {
      // The instance of the person whose consent changed: the process's key against the payload's.
      await feelRequired(page, 'Correlation key (process)', 'contactId', name);
      await feelRequired(page, 'Correlation key (payload)', 'contact.id', name);
    }
    if (kind === 'message-start') await formScreenshot(page, 'consent-changed-properties.png');
    const xml = await exportXml(page, `modeler-consent-changed-${kind}.bpmn`);
    expectProperty(xml, 'inbound.type', 'io.github.intercomconnector:consent-changed:1', name);
    expectProperty(xml, 'inbound.context', `intercom-${kind}`, name);
    expectProperty(xml, 'inbound.signatureCheck', 'required', name);
    expectProperty(xml, 'inbound.clientSecret', '{{secrets.INTERCOM_CLIENT_SECRET}}', name);
    expectProperty(xml, 'inbound.topics', 'granular.unsubscribe, contact.unsubscribed', name);
    expectProperty(xml, 'resultVariable', 'consentChange', name);
    if (message) {
      // The engine keeps the message beyond a notification's maximum age: no duplicate starts.
      expectProperty(xml, 'messageTtl', 'PT1H', name);
      check(!xml.includes('messageIdExpression'), `${name}: a message id expression would replace the notification id`);
    }
    if (continues) {
      check(xml.includes('<zeebe:subscription correlationKey="=contactId" />'), `${name}: no correlation key on the message`);
      expectProperty(xml, 'correlationKeyExpression', '=contact.id', name);
    }
    check(xml.includes('bpmn:messageEventDefinition') === message, `${name}: message event definition ${!message ? 'not ' : ''}expected`);
    return xml;
  };
}

// Every template users get must be driven here: a new task without a flow fails the test.
const FLOWS = new Map([
  [ATTACH, attachFlow],
  [DETACH, detachFlow],
  [SET_CONSENT, setConsentFlow],
  [GET_CONSENT, getConsentFlow],
  [ERASE_CONTACT, eraseContactFlow],
  [SET_EMAIL_OPT_OUT, setEmailOptOutFlow],
  [`${CONSENT_CHANGED}.message-start`, consentChangedFlow('message-start', 'message start event', true)],
  [`${CONSENT_CHANGED}.start`, consentChangedFlow('start', 'start event, duplicates caught until a restart', false)],
  [`${CONSENT_CHANGED}.intermediate`, consentChangedFlow('intermediate', 'intermediate catch event', true)],
  [`${CONSENT_CHANGED}.boundary`, consentChangedFlow('boundary', 'boundary event', true)]
]);
for (const template of TEMPLATES) {
  if (!FLOWS.has(template.id)) {
    fail(`the browser test has no flow for the template ${template.id}: add one to modeler-test.mjs`);
  }
}

const server = await startServer({
  pageDir: join(here, 'page'),
  modulesDir: join(here, 'node_modules'),
  templatesDir
});
const baseUrl = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'] // Playwright gives each launch a fresh profile
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const [id, flow] of FLOWS) {
    await flow(page);
    console.log(`modeler: ${id} applied, filled and exported`);
  }
  await searchTheTemplateChooser(page);
  console.log(`modeler: the template chooser finds the tasks by ${SEARCHES.filter(([, t]) => t.length).map(([w]) => w).join(', ')}`);
  await searchTheAppendMenu(page);
  console.log('modeler: the append menu finds them, and the event, by the same words and "webhook"');
  await upgradeVersion1(page);
  console.log('modeler: a version 1 diagram updated to the newest version, its values kept');
  check(errors.length === 0, `the page raised errors: ${errors.join('; ')}`);
  // The Modeler's own linter on what the Modeler exported.
  execFileSync('npm', ['run', '-s', 'lint-bpmn', '--', join(out, 'modeler-attach.bpmn'), join(out, 'modeler-detach.bpmn'),
    join(out, 'modeler-set-consent.bpmn'), join(out, 'modeler-get-consent.bpmn'), join(out, 'modeler-erase-contact.bpmn'),
    join(out, 'modeler-set-email-opt-out.bpmn'), join(out, 'modeler-upgraded.bpmn'),
    ...['message-start', 'start', 'intermediate', 'boundary'].map((k) => join(out, `modeler-consent-changed-${k}.bpmn`))],
    { cwd: here, stdio: 'inherit' });
} catch (e) {
  failed = true;
  console.error(`MODELER TEST FAILED: ${e.message}`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
