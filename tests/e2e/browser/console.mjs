// Drives berth's web console in Debian's chromium with playwright-core (no browser download):
//   node console.mjs <scenario> '<json options>'
// Options: endpoint, accessKeyId, secretAccessKey, artifacts (a directory for screenshots),
// and what a scenario needs. Prints one JSON line of results; exits 1 on a failed step (the
// message on stderr). tests/e2e/test_console.py runs the scenarios and checks the results.
//
// Every request the page makes is intercepted: one to anywhere but berth's own address is
// refused and reported (`external`), as are page errors and CSP violations (`pageErrors`).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../js/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [scenario, json] = process.argv.slice(2);
const opt = JSON.parse(json || '{}');
const origin = new URL(opt.endpoint).origin;
const results = { scenario, external: [], pageErrors: [], requests: 0, shots: [] };

// A fresh profile per run, removed at the end.
const userData = mkdtempSync(join(tmpdir(), 'berth-chromium-'));

async function launch() {
  return chromium.launchPersistentContext(userData, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 860 },
  });
}

async function watch(context) {
  await context.route('**/*', (route) => {
    const url = route.request().url();
    results.requests++;
    if (url.startsWith(origin + '/') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    results.external.push(url);
    return route.abort();
  });
  context.on('page', (p) => hook(p));
  for (const p of context.pages()) hook(p);
}

function hook(page) {
  page.on('pageerror', (e) => results.pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) results.pageErrors.push(m.text());
  });
}

async function shot(page, name) {
  const file = join(opt.artifacts, `${scenario}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  results.shots.push(file);
}

async function signIn(page, secret = opt.secretAccessKey) {
  await page.goto(origin + '/');
  await page.getByLabel('Access key ID').fill(opt.accessKeyId);
  await page.getByLabel('Secret access key').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// Create trail's three steps (the walkthrough's 4–6): attributes (trail name; storage location,
// a new or an existing S3 bucket; CloudWatch Logs with a new or an existing log group) → Next →
// management events → Next → review → Create trail. Returns the review's text.
async function createTrail(page, o, step = async () => {}) {
  await page.getByLabel('Trail name').fill(o.trail);
  await page.getByRole('radio', { name: o.newBucket ? 'Create new S3 bucket' : 'Use existing S3 bucket' }).check();
  await page.getByLabel('S3 bucket', { exact: true }).fill(o.bucket);
  await page.getByLabel('Log file validation').check();
  await page.getByLabel('Enabled', { exact: true }).check();
  await page.getByRole('radio', { name: o.existingGroup ? 'Existing' : 'New', exact: true }).check();
  await page.getByLabel('Log group name').fill(o.logGroup);
  await step(4);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Choose log events' }).waitFor();
  await page.getByRole('radio', { name: o.rw || 'All', exact: true }).check();
  await step(5);
  await page.getByRole('button', { name: 'Next' }).click();
  const review = page.getByRole('definition').first();
  await review.waitFor();
  const text = await page.locator('dl.props').textContent();
  await page.getByRole('button', { name: 'Create trail' }).click();
  await page.getByRole('heading', { name: o.trail }).waitFor();
  return text;
}

// Every GetMetricData call the page makes: [StartTime, EndTime] in epoch seconds.
function metricDataSpans(page) {
  const spans = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /GetMetricData$/.test(r.headers()['x-amz-target'] || '')) {
      const body = JSON.parse(r.postData() || '{}');
      spans.push([body.StartTime, body.EndTime]);
    }
  });
  return spans;
}

const scenarios = {
  // A wrong secret is refused (and the page says so); the right one signs in and shows who.
  async signin(page) {
    await signIn(page, 'not-the-secret-' + opt.secretAccessKey.slice(15));
    const alert = page.getByRole('alert');
    await alert.waitFor();
    results.refusal = (await alert.textContent()).trim();
    await shot(page, 'refused');
    await page.getByLabel('Secret access key').fill(opt.secretAccessKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    results.header = (await page.locator('header .who').textContent()).trim();
    results.cookies = (await page.context().cookies()).map((c) => ({ name: c.name, httpOnly: c.httpOnly,
      sameSite: c.sameSite, path: c.path, expires: c.expires }));
    results.scriptSeesCookie = await page.evaluate(() => document.cookie.includes('berth-console'));
    await shot(page, 'home');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Access key ID').waitFor();
    results.afterSignOut = page.url();
  },

  // Event history preset from the URL: the registry's events.
  async events(page) {
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const t0 = Date.now();
    await page.goto(origin + '/console/cloudtrail/events?attribute=EventSource&value=ecr.amazonaws.com');
    const table = page.getByRole('table', { name: 'Events' });
    await table.waitFor();
    results.eventsMs = Date.now() - t0;
    results.attribute = await page.getByLabel('Lookup attribute', { exact: true }).inputValue();
    results.value = await page.getByLabel('Attribute value', { exact: true }).inputValue();
    const rows = table.locator('tbody tr');
    results.rows = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    if (opt.open) {
      await table.getByRole('button', { name: opt.open }).first().click();
      results.record = JSON.parse(await page.getByLabel('Event record').textContent());
    }
    await shot(page, 'ecr-events');
    if (opt.secondFilter) {
      // berth's extension: a second attribute, applied to what the first finds.
      await page.getByRole('button', { name: 'Add filter' }).click();
      await page.getByLabel('Lookup attribute 2', { exact: true }).selectOption(opt.secondFilter.attribute);
      await page.getByLabel('Attribute value 2', { exact: true }).fill(opt.secondFilter.value);
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/attribute=.*attribute=/);
      await table.waitFor();
      results.twoFilterUrl = page.url();
      results.twoFilterRows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
      await shot(page, 'two-filters');
    }
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
    const path = join(opt.artifacts, 'events.json');
    await dl.saveAs(path);
    results.downloadJson = path;
    const [dl2] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csvPath = join(opt.artifacts, 'events.csv');
    await dl2.saveAs(csvPath);
    results.downloadCsv = csvPath;
  },

  // Create trail through the form (the walkthrough's steps 3–6).
  async createTrail(page) {
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Trails' }).click();
    await page.getByRole('table', { name: 'Trails' }).waitFor();
    await page.getByRole('link', { name: 'Create trail' }).click();
    if (opt.newFirst) {
      // "Create new S3 bucket" with the name of a bucket that exists is refused before any call
      // that changes something; then back to step 1 for the existing one.
      await page.getByLabel('Trail name').fill(opt.trail);
      await page.getByLabel('S3 bucket', { exact: true }).fill(opt.bucket);
      await page.getByLabel('Log group name').fill(opt.logGroup);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Create trail' }).click();
      results.newBucketRefusal = (await page.getByRole('alert').textContent()).trim();
      await page.getByRole('button', { name: 'Previous' }).click();
      await page.getByRole('button', { name: 'Previous' }).click();
    }
    results.review = await createTrail(page, { ...opt, rw: 'Write' }, (n) => shot(page, 'form-step' + n));
    await page.getByText('Logging', { exact: true }).waitFor();
    results.detail = await page.locator('dl.props').textContent();
    await shot(page, 'trail');
    await page.getByRole('navigation').getByRole('link', { name: 'Trails' }).click();
    const row = page.getByRole('table', { name: 'Trails' }).getByRole('row').filter({ hasText: opt.trail });
    await row.waitFor();
    results.row = (await row.textContent()).trim();
    if (opt.editLogGroup) {
      // The walkthrough's other way: open the trail and Edit its CloudWatch Logs section.
      await page.getByRole('link', { name: opt.trail }).click();
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await page.getByRole('radio', { name: 'New', exact: true }).check();
      await page.getByLabel('Log group name').fill(opt.editLogGroup);
      await page.getByRole('radio', { name: 'All', exact: true }).check();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('heading', { name: opt.trail }).waitFor();
      await page.locator('dl.props').getByText(opt.editLogGroup).waitFor();
      results.edited = await page.locator('dl.props').textContent();
      await shot(page, 'edited');
    }
    if (opt.stopAndDelete) {
      if (!opt.editLogGroup) await page.getByRole('link', { name: opt.trail }).click();
      const status = page.locator('dl.props dd').first();
      await page.getByRole('button', { name: 'Stop logging' }).click();
      await page.getByRole('button', { name: 'Start logging' }).waitFor();
      results.afterStop = (await status.textContent()).trim();
      page.once('dialog', (d) => d.accept());
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('table', { name: 'Trails' }).waitFor();
      results.deletedUrl = page.url();
      results.rowsAfterDelete = await page.getByRole('table', { name: 'Trails' }).locator('tbody').textContent();
    }
  },

  // A user whose policies do not allow a page's call sees which action was denied.
  async denied(page) {
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(origin + '/console/ecr/repositories');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    results.alert = (await alert.textContent()).trim();
    await shot(page, 'ecr');
    await page.goto(origin + '/console/cloudtrail/events');
    await page.getByRole('table', { name: 'Events' }).waitFor();
    results.eventsShown = true;
  },

  // Every page is reachable from the keyboard: Tab from the top reaches the navigation's links,
  // Enter follows one, and the new page's heading takes the focus.
  async keyboard(page) {
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const reached = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement.textContent.trim()));
      if (reached[reached.length - 1] === 'Trails') break;
    }
    results.reached = reached;
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'Trails' }).waitFor();
    results.focused = await page.evaluate(() => document.activeElement.tagName + ':' + document.activeElement.textContent);
    results.url = page.url();
  },

  // The walkthrough (shared/WALKTHROUGH.md) steps 1–17, clicked as a participant would with the
  // labels it uses, a screenshot per step (step01 … step17). Step 4 creates a new S3 bucket.
  async walkthrough(page) {
    const nav = (name) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    const step = async (n) => shot(page, `step${String(n).padStart(2, '0')}`);
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await nav('CloudTrail');                                                  // 1
    await page.getByRole('heading', { name: 'CloudTrail', level: 1 }).waitFor();
    await step(1);
    await nav('Trails');                                                      // 2
    await page.getByRole('table', { name: 'Trails' }).waitFor();
    await step(2);
    await page.getByRole('link', { name: 'Create trail' }).click();           // 3
    await page.getByRole('heading', { name: 'Choose trail attributes' }).waitFor();
    await step(3);
    await createTrail(page, { ...opt, newBucket: true, rw: 'All' }, step);    // 4, 5, 6
    await page.getByText('Logging', { exact: true }).waitFor();
    results.notice = await page.locator('.notice').count() ? await page.locator('.notice').textContent() : '';
    await step(6);
    // Registry activity after the trail exists, so that it is delivered to the log group: the
    // page's own session lists the repositories and the images of the one pushed.
    await page.evaluate(async (repo) => {
      const api = await import(new URL('lib/api.mjs', document.querySelector('script[type=module]').src));
      await api.call('ecr', 'DescribeRepositories', {});
      await api.call('ecr', 'DescribeImages', { repositoryName: repo });
    }, opt.repository);
    await nav('Event history');                                               // 7
    await page.getByRole('table', { name: 'Events' }).waitFor();
    await step(7);
    await page.getByLabel('Lookup attribute', { exact: true }).selectOption('EventSource');  // 8
    await page.getByLabel('Attribute value', { exact: true }).fill('ecr.amazonaws.com');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/value=ecr.amazonaws.com/);
    const events = page.getByRole('table', { name: 'Events' });
    await events.getByRole('button', { name: 'PutImage' }).first().waitFor();
    results.ecrEvents = await events.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[0].textContent.trim()));
    await step(8);
    await nav('Log groups');                                                  // 9
    await page.getByLabel('Log group name prefix').fill(opt.logGroup);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: opt.logGroup }).waitFor();
    await step(9);
    await page.getByRole('link', { name: opt.logGroup }).click();             // 10
    // Delivery runs every few seconds: reload the streams until the trail's stream is there.
    for (let i = 0; ; i++) {
      await page.getByRole('table', { name: 'Log streams' }).waitFor();
      const links = page.getByRole('table', { name: 'Log streams' }).getByRole('link');
      if (await links.count() > 0) break;
      if (i > 30) throw new Error('the trail delivered nothing to its log group');
      await page.waitForTimeout(1000);
      await page.reload();
    }
    await step(10);
    await page.getByRole('link', { name: 'Search all log streams' }).click();
    await page.getByLabel('Filter pattern').fill('{ $.eventSource = "ecr.amazonaws.com" }');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/filter=/);
    const delivered = page.getByRole('table', { name: 'Log events' });
    // The registry's calls may come with the delivery after the one that made the stream.
    for (let i = 0; ; i++) {
      await delivered.waitFor();
      if (await delivered.getByText('DescribeImages').count() > 0) break;
      if (i > 30) {
        const status = await page.evaluate(async (name) => {
          const api = await import(new URL('lib/api.mjs', document.querySelector('script[type=module]').src));
          return api.call('cloudtrail', 'GetTrailStatus', { Name: name });
        }, opt.trail);
        throw new Error('the trail delivered no registry event to its log group: ' + JSON.stringify(status));
      }
      await page.waitForTimeout(1000);
      await page.getByRole('button', { name: 'Filter' }).click();  // the same filter again: a refresh
    }
    results.deliveredCount = await delivered.locator('tbody tr').count();
    await shot(page, 'step10-events');
    await nav('Logs Insights');
    await page.getByLabel('Log groups').selectOption(opt.logGroup);
    await page.getByLabel('Query', { exact: true }).fill(
      "filter eventSource = 'ecr.amazonaws.com' | stats count(*) as calls by eventName | sort calls desc");
    await page.getByRole('button', { name: 'Run query' }).click();
    const insights = page.getByRole('table', { name: 'Query results' });
    await insights.waitFor();
    results.insights = await insights.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    await shot(page, 'step10-insights');
    await nav('All metrics');                                                     // 11
    await page.getByRole('link', { name: 'AWS/ECR' }).click();
    await page.getByRole('table', { name: 'Metrics' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'RepositorySize' }).filter({ hasText: opt.repository });
    await row.getByRole('checkbox').check();
    await page.locator('.graph canvas').waitFor();
    results.legend = await page.locator('.u-legend').textContent();
    await step(11);
    await nav('Dashboards');                                                  // 12
    await page.getByRole('button', { name: 'Create dashboard' }).click();
    await page.getByLabel('Dashboard name').fill(opt.dashboard);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: opt.dashboard }).waitFor();
    await step(12);
    await page.getByRole('link', { name: 'Add widget' }).click();             // 13
    await page.getByRole('radio', { name: 'Line', exact: true }).check();
    await step(13);
    await page.getByRole('link', { name: 'Metrics', exact: true }).click();   // 14
    await page.getByRole('heading', { name: 'All metrics' }).waitFor();
    await step(14);
    await page.getByRole('link', { name: 'AWS/ECR' }).click();                // 15
    await page.getByRole('table', { name: 'Metrics' }).waitFor();
    await step(15);
    const metric = page.getByRole('row').filter({ hasText: 'RepositorySize' }).filter({ hasText: opt.repository });
    await metric.getByRole('checkbox').check();                               // 16
    await page.locator('.graph canvas').waitFor();
    await step(16);
    await page.getByRole('button', { name: 'Create widget' }).click();        // 17
    await page.getByRole('heading', { name: opt.dashboard }).waitFor();
    await page.locator('.widget .graph canvas').waitFor();
    results.dashboardLegend = await page.locator('.widget .u-legend').textContent();
    await step(17);
  },

  // Alarms: the list (both types, a second page), one alarm's history, then an alarm created
  // from a metric through the form.
  async alarms(page) {
    const nav = (name) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await nav('Alarms');
    const table = page.getByRole('table', { name: 'Alarms' });
    await table.locator('tbody tr').first().waitFor();
    results.firstPage = await table.locator('tbody tr').count();
    // Every page: the worker's berth may hold other tests' alarms too.
    const more = page.getByRole('button', { name: 'Load more' });
    for (let shown = results.firstPage; await more.isVisible(); ) {
      await more.click();
      await table.locator('tbody tr').nth(shown).waitFor();
      shown = await table.locator('tbody tr').count();
    }
    results.rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].slice(1, 4).map((c) => c.textContent.trim())));
    await shot(page, 'list');
    await table.getByRole('link', { name: opt.alarm, exact: true }).click();
    await page.getByRole('heading', { name: opt.alarm }).waitFor();
    const history = page.getByRole('table', { name: 'History' });
    await history.locator('tbody tr').first().waitFor();
    results.history = await history.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].slice(1).map((c) => c.textContent.trim())));
    results.state = (await page.locator('dl.props dd.state').textContent()).trim();
    await shot(page, 'detail');
    await nav('All metrics');
    await page.getByRole('link', { name: opt.namespace }).click();
    await page.getByRole('table', { name: 'Metrics' }).waitFor();
    await page.getByRole('row').filter({ hasText: opt.metric }).first().getByRole('checkbox').check();
    await page.getByRole('link', { name: 'Create alarm' }).click();
    await page.getByLabel('Threshold').fill('42.5');
    await page.getByLabel('Comparison').selectOption('LessThanThreshold');
    await page.getByLabel('Period (seconds)').fill('120');
    await page.getByLabel('Evaluation periods').fill('3');
    await page.getByLabel('Datapoints to alarm').fill('2');
    await page.getByLabel('Missing data treatment').selectOption('breaching');
    await page.getByLabel('Notification topic ARN').fill(opt.topic);
    await page.getByLabel('Alarm name').fill(opt.created);
    await shot(page, 'form');
    await page.getByRole('button', { name: 'Create alarm' }).click();
    await page.getByRole('heading', { name: opt.created }).waitFor();
    await page.getByRole('table', { name: 'History' }).waitFor();
    results.createdState = (await page.locator('dl.props dd.state').textContent()).trim();
  },

  // A composite alarm: a rule CloudWatch refuses (its message and the caret shown), then one
  // built with "Insert"; then an alarm deleted from its page and another from the list.
  async compositeAlarm(page) {
    const nav = (name) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await nav('Alarms');
    await page.getByRole('link', { name: 'Create composite alarm' }).click();
    await page.getByLabel('Alarm name').fill(opt.composite);
    await page.getByLabel('Alarm rule').fill(opt.badRule);
    await page.getByRole('button', { name: 'Create composite alarm' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    results.refusal = (await alert.textContent()).trim();
    results.caret = await page.getByLabel('Rule error position').textContent();
    await shot(page, 'refused');
    await page.getByLabel('Alarm rule').fill('');
    for (const [state, alarm] of opt.terms) {
      await page.getByLabel('State', { exact: true }).selectOption(state);
      await page.getByLabel('Alarm to insert').selectOption(alarm);
      await page.getByRole('button', { name: 'Insert' }).click();
    }
    results.rule = await page.getByLabel('Alarm rule').inputValue();
    await page.getByLabel('Notification topic ARN').fill(opt.topic);
    await shot(page, 'form');
    await page.getByRole('button', { name: 'Create composite alarm' }).click();
    await page.getByRole('heading', { name: opt.composite }).waitFor();
    results.shownRule = await page.locator('dl.props code').textContent();
    await shot(page, 'created');
    // Delete one alarm from its own page …
    await page.goto(origin + '/console/alarms/' + encodeURIComponent(opt.deleteOnPage));
    await page.getByRole('heading', { name: opt.deleteOnPage }).waitFor();
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('table', { name: 'Alarms' }).waitFor();
    results.afterPageDelete = page.url();
    // … and one from the list.
    await page.goto(origin + '/console/alarms');
    const table = page.getByRole('table', { name: 'Alarms' });
    await table.getByRole('link', { name: opt.deleteInList, exact: true }).waitFor();
    await page.getByLabel('Select ' + opt.deleteInList, { exact: true }).check();
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await table.getByRole('link', { name: opt.deleteInList, exact: true }).waitFor({ state: 'detached' });
    results.listAfterDelete = await table.locator('tbody').textContent();
    await shot(page, 'deleted');
  },

  // A dashboard's time range: each relative choice and an absolute one change the range every
  // widget's GetMetricData asks for; Refresh asks again; Delete removes the dashboard.
  async dashboardRange(page) {
    const spans = metricDataSpans(page);
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(origin + '/console/dashboards/' + encodeURIComponent(opt.dashboard));
    const canvas = page.locator('.widget canvas');
    const picker = page.getByRole('group', { name: 'Time range' });
    await canvas.waitFor();
    results.spans = {};
    const last = () => spans[spans.length - 1];
    results.spans.own = last();
    for (const k of ['1h', '3h', '12h', '1d', '1w']) {
      const before = spans.length;
      await picker.getByRole('button', { name: k, exact: true }).click();
      await page.waitForURL(new RegExp('range=' + k));
      await canvas.waitFor();
      while (spans.length === before) await page.waitForTimeout(50);
      results.spans[k] = last();
    }
    results.pressed = await picker.getByRole('button', { name: '1w', exact: true }).getAttribute('aria-pressed');
    await shot(page, '1w');
    const before = spans.length;
    await page.getByRole('button', { name: 'Refresh' }).click();
    while (spans.length === before) await page.waitForTimeout(50);
    results.refreshed = spans.length - before;
    // Absolute: From after To is refused on the page; then a valid range applied.
    await picker.getByRole('button', { name: 'Custom' }).click();
    await page.getByLabel('From').fill(opt.to);
    await page.getByLabel('To', { exact: true }).fill(opt.from);
    await page.getByRole('button', { name: 'Apply range' }).click();
    results.badRange = (await page.getByRole('alert').textContent()).trim();
    await page.getByLabel('From').fill(opt.from);
    await page.getByLabel('To', { exact: true }).fill(opt.to);
    const n = spans.length;
    await page.getByRole('button', { name: 'Apply range' }).click();
    await page.waitForURL(/start=/);
    while (spans.length === n) await page.waitForTimeout(50);
    results.spans.absolute = last();
    results.absoluteUrl = page.url();
    await canvas.waitFor();
    await shot(page, 'absolute');
    // Edit → Remove the widget → Save: the stored body has none left.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Remove: ' + opt.widget }).click();
    await page.getByRole('button', { name: 'Save dashboard' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    results.storedAfterRemove = await page.evaluate(async (name) => {
      const api = await import(new URL('lib/api.mjs', document.querySelector('script[type=module]').src));
      return JSON.parse((await api.call('monitoring', 'GetDashboard', { DashboardName: name })).DashboardBody);
    }, opt.dashboard);
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('table', { name: 'Dashboards' }).waitFor();
    results.afterDelete = page.url();
  },

  // Add widget's other kinds on an empty dashboard: a Text widget written on the Add widget page,
  // then a Number of one metric chosen from All metrics.
  async widgetKinds(page) {
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const dashboardUrl = origin + '/console/dashboards/' + encodeURIComponent(opt.dashboard);
    await page.goto(dashboardUrl);
    await page.getByRole('link', { name: 'Add widget' }).click();
    await page.getByRole('radio', { name: 'Text', exact: true }).check();
    await page.getByLabel('Markdown').fill(opt.markdown);
    await page.getByRole('button', { name: 'Create widget' }).click();
    await page.getByRole('heading', { name: opt.dashboard }).waitFor();
    await page.locator('.widget .markdown').waitFor();
    await page.getByRole('link', { name: 'Add widget' }).click();
    await page.getByRole('radio', { name: 'Number', exact: true }).check();
    await page.getByRole('link', { name: 'Metrics', exact: true }).click();
    await page.getByRole('link', { name: opt.namespace }).click();
    await page.getByRole('table', { name: 'Metrics' }).waitFor();
    await page.getByRole('row').filter({ hasText: opt.metric }).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Create widget' }).click();
    await page.getByRole('heading', { name: opt.dashboard }).waitFor();
    const numbers = page.locator('dl.numbers');
    await numbers.locator('dd').waitFor();
    results.number = (await numbers.locator('dd').textContent()).trim();
    results.numberLabel = (await numbers.locator('dt').textContent()).trim();
    results.markdownText = (await page.locator('.widget .markdown').textContent()).trim();
    await shot(page, 'kinds');
  },

  // ListDashboards' pages: the first page, then "Load more".
  async dashboardPages(page) {
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboards', exact: true }).click();
    const rows = page.getByRole('table', { name: 'Dashboards' }).locator('tbody tr');
    await rows.first().waitFor();
    results.firstPage = await rows.count();
    // Every page: the worker's berth may hold other tests' dashboards too.
    const more = page.getByRole('button', { name: 'Load more' });
    for (let shown = results.firstPage; await more.isVisible(); ) {
      await more.click();
      await rows.nth(shown).waitFor();
      shown = await rows.count();
    }
    results.names = await rows.evaluateAll((trs) => trs.map((tr) => tr.cells[1].textContent.trim()));
    results.more = await more.count();
  },

  // A dashboard whose body the test stored: every widget drawn, a PNG downloaded, a widget
  // moved and resized and saved, then an invalid body refused with its DataPaths.
  async dashboard(page) {
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboards', exact: true }).click();
    const list = page.getByRole('table', { name: 'Dashboards' });
    await list.getByRole('link', { name: opt.dashboard }).waitFor();
    results.listed = await list.getByRole('link').allTextContents();
    await list.getByRole('link', { name: opt.dashboard }).click();
    await page.getByRole('heading', { name: opt.dashboard }).waitFor();
    const graph = page.getByRole('region', { name: opt.graphTitle });
    await graph.locator('canvas').waitFor();
    results.legend = await graph.locator('.u-legend').textContent();
    results.graphs = await page.locator('.widget canvas').count();
    const text = page.locator('.widget .markdown');
    results.markdownHeadings = await text.locator('h2, h3').allTextContents();
    results.markdownLinks = await text.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    results.markdownCode = await text.locator('pre code').allTextContents();
    results.markdownScripts = await text.locator('script, img').count();
    results.markdownText = await text.textContent();
    const alarms = page.getByRole('table', { name: opt.alarmTitle });
    await alarms.locator('tbody tr').first().waitFor();
    results.alarms = await alarms.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    await shot(page, 'drawn');
    const [file] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PNG: ' + opt.graphTitle }).click()]);
    const bytes = require('node:fs').readFileSync(await file.path());
    results.pngMagic = bytes.subarray(0, 8).toString('hex');
    results.pngName = file.suggestedFilename();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Wider: ' + opt.graphTitle }).click();
    await page.getByRole('button', { name: 'Wider: ' + opt.graphTitle }).click();
    await page.getByRole('button', { name: 'Down: ' + opt.graphTitle }).click();
    await page.getByRole('button', { name: 'Save dashboard' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await shot(page, 'edited');
    await page.getByLabel('Dashboard body (JSON)').fill(opt.invalidBody);
    await page.getByRole('button', { name: 'Save body' }).click();
    const errors = page.getByRole('table', { name: 'Validation errors' });
    await errors.waitFor();
    results.validation = await errors.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    results.alert = await page.getByRole('alert').textContent();
    await shot(page, 'invalid');
  },

  // Every other page, with what the test made: each must render its table with no error.
  async tour(page) {
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const enc = encodeURIComponent;
    results.pages = {};
    const visit = async (name, path, table) => {
      await page.goto(origin + '/console' + path);
      await page.getByRole('table', { name: table }).waitFor();
      results.pages[name] = await page.getByRole('table', { name: table }).locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
      await shot(page, name);
    };
    await visit('dashboard', '/cloudtrail', 'Latest registry events');
    await visit('repositories', '/ecr/repositories', 'Repositories');
    await page.getByLabel('Repository name').fill(opt.newRepository);
    await page.getByLabel('Tag immutability').check();
    await page.getByRole('button', { name: 'Create repository' }).click();
    await page.getByRole('heading', { name: opt.newRepository }).waitFor();
    await page.getByRole('table', { name: 'Images' }).waitFor();
    results.createdRepository = page.url();
    await visit('images', '/ecr/repositories/' + enc(opt.repository), 'Images');
    results.pushCommands = await page.locator('pre.commands').textContent();
    // Set a repository policy through its editor; a broken one is refused with berth's words.
    await page.getByLabel('Repository policy JSON').fill('{"Version": "2012-10-17", "Statement": [');
    await page.getByRole('button', { name: 'Save repository policy' }).click();
    results.notJson = (await page.getByRole('alert').textContent()).trim();
    await page.getByLabel('Repository policy JSON').fill(opt.repositoryPolicy);
    await page.getByRole('button', { name: 'Save repository policy' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('button', { name: 'Delete repository policy' }).waitFor();
    await page.getByLabel('Lifecycle policy JSON').fill('{"rules": []}');
    await page.getByRole('button', { name: 'Save lifecycle policy' }).click();
    await page.getByRole('alert').waitFor();
    results.lifecycleRefusal = (await page.getByRole('alert').textContent()).trim();
    await shot(page, 'policies');
    await visit('groups', '/logs/groups?prefix=' + enc(opt.logGroup), 'Log groups');
    await visit('streams', '/logs/groups/' + enc(opt.logGroup), 'Log streams');
    await visit('events', '/logs/groups/' + enc(opt.logGroup) + '/' + enc(opt.logStream), 'Log events');
    await page.getByLabel('Filter pattern').fill(opt.filterPattern);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/filter=/);
    await page.getByRole('table', { name: 'Log events' }).waitFor();
    results.filtered = await page.getByRole('table', { name: 'Log events' }).locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    await shot(page, 'events-filtered');
    // Live tail: an event put now (through the page's own session) appears without a reload.
    await page.getByRole('button', { name: 'Live tail' }).click();
    await page.getByText('Live tail: new events appear').waitFor();
    await page.evaluate(async ({ group, stream }) => {
      const api = await import(new URL('lib/api.mjs', document.querySelector('script[type=module]').src));
      await api.call('logs', 'PutLogEvents', { logGroupName: group, logStreamName: stream,
        logEvents: [{ timestamp: Date.now(), message: '{"level":"error","msg":"tailed"}' }] });
    }, { group: opt.logGroup, stream: opt.logStream });
    await page.getByRole('table', { name: 'Log events' }).getByText('"tailed"').waitFor();
    results.tailed = true;
    await page.getByRole('button', { name: 'Stop live tail' }).click();

    await page.goto(origin + '/console/logs/insights');
    await page.getByLabel('Log groups').selectOption(opt.logGroup);
    await page.getByLabel('Query', { exact: true }).fill(opt.insightsQuery);
    await page.getByRole('button', { name: 'Run query' }).click();
    const table = page.getByRole('table', { name: 'Query results' });
    await table.waitFor();
    results.insightsColumns = await table.locator('thead th').allTextContents();
    results.insightsRows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    const histogram = page.getByRole('img', { name: /Matches over time/ });
    await histogram.waitFor();
    results.histogram = await histogram.getAttribute('aria-label');
    results.barHeights = await histogram.locator('span').evaluateAll((bars) => bars.map((b) => b.style.height));
    await shot(page, 'insights');
    // Save it, reload the page, and pick it again from the saved queries.
    await page.getByLabel('Query name').fill(opt.savedQueryName);
    await page.getByRole('button', { name: 'Save query' }).click();
    await page.getByText(`Saved as "${opt.savedQueryName}".`).waitFor();
    await page.goto(origin + '/console/logs/insights');
    await page.getByLabel('Query', { exact: true }).fill('');
    await page.getByLabel('Saved queries').selectOption({ label: opt.savedQueryName });
    results.savedQueryText = await page.getByLabel('Query', { exact: true }).inputValue();

    await visit('namespaces', '/metrics', 'Namespaces');
    await visit('metrics', '/metrics?namespace=' + enc(opt.namespace), 'Metrics');
    // Narrow to a dimension set, then search.
    await page.getByLabel('Dimensions', { exact: true }).selectOption({ label: 'RepositoryName (1)' });
    await page.waitForURL(/dims=RepositoryName/);
    await page.getByLabel('Search metrics').fill('no-such-metric');
    results.searchMiss = (await page.getByRole('table', { name: 'Metrics' }).locator('tbody tr').first().textContent()).trim();
    await page.getByLabel('Search metrics').fill('push');
    await page.getByRole('checkbox').first().check();
    await page.locator('.graph canvas').waitFor();
    await page.locator('.u-legend').waitFor();
    results.legend = await page.locator('.u-legend').textContent();
    results.metricUrl = page.url();
    await shot(page, 'graph');
  },

  // bench/console.py: the first load's bytes (cold cache), then Event history's render time
  // (LookupEvents response in hand → 50 rows painted), `runs` times.
  async bench(page) {
    await scenarios.firstLoad(page);
    results.renderMs = [];
    for (let i = 0; i < (opt.runs || 5); i++) {
      await page.goto(origin + '/console/cloudtrail/events');
      await page.getByRole('table', { name: 'Events' }).locator('tbody tr').nth(49).waitFor();
      const ms = await page.evaluate(() => new Promise((ok) => {
        const get = () => {
          const [r] = performance.getEntriesByName('events:response');
          const [p] = performance.getEntriesByName('events:painted');
          if (r && p) ok(p.startTime - r.startTime); else setTimeout(get, 10);
        };
        get();
      }));
      results.renderMs.push(ms);
    }
    if (opt.graphUrl) {
      // A graph of 6 series × 1,440 points: GetMetricData's response → drawn.
      results.graphMs = [];
      for (let i = 0; i < (opt.runs || 5); i++) {
        await page.goto(origin + opt.graphUrl);
        await page.locator('.graph canvas').waitFor();
        results.graphMs.push(await page.evaluate(() => new Promise((ok) => {
          const get = () => {
            const [r] = performance.getEntriesByName('graph:response');
            const [d] = performance.getEntriesByName('graph:drawn');
            if (r && d) ok(d.startTime - r.startTime); else setTimeout(get, 10);
          };
          get();
        })));
        results.graphPoints = await page.evaluate(() => document.querySelectorAll('.u-legend .u-series').length);
      }
    }
    if (opt.dashboardUrl) {
      // A dashboard of `dashboardWidgets` graphs: first widget response → last graph drawn, and
      // navigation start → last graph drawn.
      results.dashboardMs = [];
      results.dashboardTotalMs = [];
      for (let i = 0; i < (opt.runs || 5); i++) {
        await page.goto(origin + opt.dashboardUrl);
        const [first, last] = await page.evaluate((n) => new Promise((ok) => {
          const get = () => {
            const r = performance.getEntriesByName('widget:response');
            const d = performance.getEntriesByName('widget:drawn');
            if (r.length >= n && d.length >= n) ok([r[0].startTime, d[d.length - 1].startTime]); else setTimeout(get, 10);
          };
          get();
        }), opt.dashboardWidgets);
        results.dashboardMs.push(last - first);
        results.dashboardTotalMs.push(last);
      }
      results.dashboardCanvases = await page.locator('.widget canvas').count();
    }
  },

  // What the first load costs: bytes transferred for sign-in page, and the home page after it.
  async firstLoad(page) {
    const client = await page.context().newCDPSession(page);
    await client.send('Network.enable');
    let encoded = 0;
    const sizes = {};
    client.on('Network.loadingFinished', (e) => { encoded += e.encodedDataLength; });
    client.on('Network.responseReceived', (e) => { sizes[e.requestId] = e.response.url; });
    await page.goto(origin + '/');
    await page.getByLabel('Access key ID').waitFor();
    await page.waitForTimeout(500);  // anything still in flight
    results.firstLoadBytes = encoded;
    results.firstLoadRequests = Object.keys(sizes).length;
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.waitForTimeout(500);
    results.afterSignInBytes = encoded;
  },
};

const context = await launch();
try {
  await watch(context);
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(15000);
  await scenarios[scenario](page);
  console.log(JSON.stringify(results));
} catch (e) {
  console.error(e.stack || String(e));
  console.log(JSON.stringify({ ...results, failed: String(e.message || e) }));
  try { const p = context.pages()[0]; if (p) await shot(p, 'failure'); } catch {}
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(userData, { recursive: true, force: true });
}
