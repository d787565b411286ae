// browser.mjs - drives Debian's Firefox ESR (WebDriver BiDi) or Chromium (CDP) through puppeteer-core for the
// interop tests, one JSON request a line on stdin, one JSON reply a line on stdout:
//   {"id":1,"op":"open","url":"http://127.0.0.1:43210/healthz","html":"<!doctype html>..."} -> {"id":1,"value":7}
//   {"id":2,"op":"eval","page":7,"expression":"stats()"}                                  -> {"id":2,"value":"{...}"}
//   {"id":3,"op":"close","page":7}                                                        -> {"id":3,"value":null}
// A failed request answers {"id":N,"error":"..."}. Each page has a browser context of its own. The page is written
// into the origin's document (`url`), so its fetches and sockets go there and the browser treats it as a
// loopback (secure) page, which getUserMedia needs. Console errors go to stderr as "browser: ..." lines.
//
// Usage: node browser.mjs firefox|chromium PROFILE_FOLDER
import { createInterface } from 'node:readline';
import puppeteer from 'puppeteer-core';

const [kind, profile] = process.argv.slice(2);

const launch = {
  firefox: {
    browser: 'firefox',
    executablePath: process.env.MYVID_TEST_FIREFOX || '/usr/bin/firefox-esr',
    // Headless Firefox hangs at start without a profile folder that already exists.
    userDataDir: profile,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,             // a generated picture and tone instead of a camera
      'media.navigator.permission.disabled': true,      // no permission prompt
      'media.peerconnection.ice.loopback': true,        // the test node is on 127.0.0.1
      'media.peerconnection.ice.obfuscate_host_addresses': false, // no mDNS names: the node cannot resolve them
      // Firefox gathers only the default route's address (not loopback) for a page without camera permission.
      'permissions.default.camera': 1,
      'permissions.default.microphone': 1,
    },
  },
  chromium: {
    browser: 'chrome',
    executablePath: process.env.MYVID_TEST_CHROMIUM || '/usr/bin/chromium',
    userDataDir: profile,
    args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--disable-gpu',
           '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
}[kind];
if (!launch) {
  console.error(`usage: node browser.mjs firefox|chromium PROFILE_FOLDER (not '${kind}')`);
  process.exit(2);
}

const browser = await puppeteer.launch({ headless: true, protocolTimeout: 60_000, ...launch });
const pages = new Map();
let nextPage = 1;

async function open({ url, html }) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('console', m => {
    if (m.type() === 'error' && !m.location()?.url?.includes('favicon')) console.error(`browser: ${m.text()}`);
  });
  page.on('pageerror', e => console.error(`browser: ${e.message}`));
  await page.goto(url);
  // document.write, not page.setContent: Chromium's setContent (Page.setDocumentContent) runs no inline script.
  await page.evaluate(content => { document.open(); document.write(content); document.close(); }, html);
  const id = nextPage++;
  pages.set(id, { context, page });
  return id;
}

function page(id) {
  const entry = pages.get(id);
  if (!entry) throw new Error(`no page ${id}`);
  return entry;
}

const operations = {
  open,
  eval: ({ page: id, expression }) => page(id).page.evaluate(expression),
  close: async ({ page: id }) => { await page(id).context.close(); pages.delete(id); return null; },
};

// Replies go out in the order the requests finish; the caller matches them by id.
const reply = message => process.stdout.write(JSON.stringify(message) + '\n');
console.log(JSON.stringify({ ready: await browser.version() }));
const lines = createInterface({ input: process.stdin });
lines.on('line', async line => {
  const request = JSON.parse(line);
  try {
    const value = await operations[request.op](request);
    reply({ id: request.id, value: value ?? null });
  } catch (e) {
    reply({ id: request.id, error: String(e && e.message || e) });
  }
});
// stdin closed: the test is done (or died), so the browser goes too.
lines.on('close', async () => { await browser.close(); process.exit(0); });
