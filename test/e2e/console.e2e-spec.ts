import { chromium, Browser, Page } from 'playwright-core';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayClient } from '../../cli/gateway-client';
import { buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import { registerSignedSubscriber, RunningPipeline, startPipeline } from './support/running-pipeline';

/**
 * The web console in Chromium (Debian's, driven by playwright-core; no browser is downloaded):
 * an operator signs in, finds a filing and opens its receipts; an inspector sees the history of
 * its own tax office only. Everything goes through the same API and role checks.
 */
describe('the web console in a browser', () => {
  let pipeline: RunningPipeline<'operator' | 'inspector' | 'otherInspector'>;
  let browser: Browser;
  let filingId: string;
  let fileId: string;

  beforeAll(async () => {
    pipeline = await startPipeline({
      operator: { role: 'operator' },
      inspector: { role: 'inspector', taxOfficeCodes: ['9991'] },
      otherInspector: { role: 'inspector', taxOfficeCodes: ['7736'] },
    });
    const subscriber = await registerSignedSubscriber(pipeline.gatewayUrl, pipeline.keys.operator, {
      name: 'ПАО Сбербанк',
      inn: '7707083893',
      kpp: '773601001',
      ogrn: '1027700132195',
    });
    const client = new GatewayClient(pipeline.gatewayUrl, pipeline.keys.operator);
    const declaration = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '9991' });
    const filing = await client.submit(declaration.bytes, {
      subscriberId: subscriber.subscriberId,
      fileName: declaration.fileName,
      signature: await subscriber.signer.sign(declaration.bytes),
    });
    await client.waitForFiling(filing.filingId, 'accepted', 60_000);
    filingId = filing.filingId;
    fileId = declaration.fileId;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await pipeline?.stop();
  });

  async function signIn(key: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'ru-RU' });
    await page.goto(`${pipeline.gatewayUrl}/console`);
    await page.fill('#api-key', key);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('#who:not([hidden])');
    return page;
  }

  it('refuses a wrong key', async () => {
    const page = await browser.newPage();
    await page.goto(`${pipeline.gatewayUrl}/console`);
    await page.fill('#api-key', 'tks_not_a_key');
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('#sign-in-error:has-text("Ключ не принят")');
    await page.close();
  });

  it('lets an operator find a filing and open its receipts', async () => {
    const page = await signIn(pipeline.keys.operator);
    await page.waitForSelector(`[data-filing="${filingId}"]`);
    await page.fill('[data-testid=filter]', fileId.slice(-12));
    expect(await page.locator('tr[data-filing]:visible').count()).toBe(1);
    expect(await page.textContent(`[data-filing="${filingId}"] [data-testid=status]`)).toBe('принята НО');
    await page.click(`[data-filing="${filingId}"] a`);
    await page.waitForSelector('[data-document="acceptance-receipt"]');
    expect(await page.textContent('#view h2')).toBe(`Заявка ${fileId}`);
    const kinds = await page
      .locator('tr[data-document]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-document')));
    expect(kinds).toEqual(
      expect.arrayContaining(['sending-date-confirmation', 'acceptance-receipt', 'input-notice']),
    );
    const [receipt] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-document="acceptance-receipt"] button'),
    ]);
    expect(receipt.suggestedFilename()).toMatch(/^KV_.*\.xml$/);
    await page.evaluate('window.scrollTo(0, 0)');
    // The README's screenshot is refreshed on request only: a test run leaves the tree as it was.
    const screenshot = process.env.TKS_UPDATE_SCREENSHOTS
      ? join(__dirname, '..', '..', 'docs', 'console.png')
      : join(await mkdtemp(join(tmpdir(), 'tks-e2e-console-')), 'console.png');
    await page.screenshot({ path: screenshot });
    expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
    await page.close();
  });

  it('shows an inspector the history of its own tax office, and nothing of another', async () => {
    const page = await signIn(pipeline.keys.inspector);
    await page.waitForSelector(`[data-filing="${filingId}"]`);
    expect(await page.locator('nav a').allTextContents()).toEqual(['История']);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("Экспорт CSV")'),
    ]);
    expect(csv.suggestedFilename()).toBe('history.csv');
    await page.close();

    const other = await signIn(pipeline.keys.otherInspector);
    await other.waitForSelector('#view table');
    expect(await other.locator('tr[data-filing]').count()).toBe(0);
    await other.goto(`${pipeline.gatewayUrl}/console#/filings/${filingId}`);
    await other.waitForSelector('#view [role=alert]');
    await other.close();
  });
});
