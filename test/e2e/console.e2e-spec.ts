import { chromium, Browser, Page } from 'playwright-core';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificatesClient } from '../../cli/certificates-client';
import { GatewayClient } from '../../cli/gateway-client';
import { poll } from '../../cli/poll';
import { opensslClientSigner, SBERBANK, testEnvironment } from '@tks/testing';
import { buildUsnDeclaration } from '../../libs/xml/src/fixtures';
import {
  registerSignedSubscriber,
  RunningPipeline,
  SignedSubscriber,
  startPipeline,
} from './support/running-pipeline';

/**
 * The web console in Chromium (Debian's, driven by playwright-core; no browser is downloaded):
 * an operator signs in, finds a filing and opens its receipts; an inspector sees the history of
 * its own tax office only; an operator reissues a subscriber's certificate and sees its expiry
 * warnings. Everything goes through the same API and role checks.
 */
describe('the web console in a browser', () => {
  let pipeline: RunningPipeline<'operator' | 'inspector' | 'otherInspector' | 'client'>;
  let browser: Browser;
  let filingId: string;
  let fileId: string;
  let subscriberId: string;
  let signer: SignedSubscriber['signer'];

  beforeAll(async () => {
    pipeline = await startPipeline({
      operator: { role: 'operator' },
      inspector: { role: 'inspector', taxOfficeCodes: ['9991'] },
      otherInspector: { role: 'inspector', taxOfficeCodes: ['7736'] },
      client: { role: 'client' },
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
    // The docflow's last answer for 9991 is the input notice, after the acceptance: the pages
    // below list it, so it must be in before they are opened.
    await poll(
      () => client.filing(filing.filingId),
      (f) => f.documents.some((d) => d.kind === 'input-notice'),
      60_000,
      `filing ${filing.filingId} to hold its input notice`,
    );
    filingId = filing.filingId;
    subscriberId = subscriber.subscriberId;
    signer = subscriber.signer;
    await pipeline.grantSubscribers('client', [subscriberId]);
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

  it("lets a client upload a declaration with the taxpayer's signature, showing progress", async () => {
    const declaration = buildUsnDeclaration({ inn: '7707083893', kpp: '773601001', taxOfficeCode: '9991' });
    const dir = await mkdtemp(join(tmpdir(), 'tks-e2e-console-'));
    const declarationFile = join(dir, declaration.fileName);
    await writeFile(declarationFile, declaration.bytes);
    await writeFile(`${declarationFile}.sig`, await signer.sign(declaration.bytes));

    const page = await signIn(pipeline.keys.client);
    expect(await page.locator('nav a').allTextContents()).toEqual(['Заявки', 'Отправить']);
    await page.click('nav a[data-section=upload]');
    await page.locator('select[name=subscriberId]').selectOption(subscriberId);
    await page.locator('input[name=declaration]').setInputFiles(declarationFile);
    await page.locator('input[name=signature]').setInputFiles(`${declarationFile}.sig`);
    // The figures go as the upload does; the view is replaced by the filing's once it is done.
    // (A script as text: the tests are compiled without the DOM's types.)
    await page.evaluate(`{
      const output = document.querySelector('[data-testid=upload-percent]');
      window.uploadPercents = [];
      new MutationObserver(() => window.uploadPercents.push(output.textContent)).observe(output, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    }`);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/filings')),
      page.click('button:has-text("Отправить")'),
    ]);
    expect(request.headers()['content-type']).toMatch(/^multipart\/form-data/);
    await page.waitForSelector(`#view h2:has-text("Заявка ${declaration.fileId}")`);
    expect(await page.evaluate('window.uploadPercents')).toContain('100 %');

    // The filing is the client's own, signed by the taxpayer, and goes on to the tax office.
    const filingId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    const client = new GatewayClient(pipeline.gatewayUrl, pipeline.keys.client);
    expect((await client.waitForFiling(filingId, 'accepted', 60_000)).status).toBe('accepted');
    await page.close();
  });

  it("lets an operator reissue a subscriber's certificate and shows its expiry warnings", async () => {
    // A new certificate of the same company from the same test CA, as the operator would receive it.
    const reissued = await opensslClientSigner(
      testEnvironment().pkiDir,
      'ПАО Сбербанк (перевыпуск)',
      SBERBANK,
    );
    const file = join(await mkdtemp(join(tmpdir(), 'tks-e2e-console-')), 'reissued.pem');
    await writeFile(file, reissued.pem);
    const certificates = new CertificatesClient(pipeline.gatewayUrl, pipeline.keys.operator);
    const [previous] = await certificates.list(subscriberId);

    const page = await signIn(pipeline.keys.operator);
    await page.click('nav a[data-section=subscribers]');
    await page.click(`tr[data-subscriber="${subscriberId}"] button`);
    const details = page.locator(`tr[data-subscriber-details="${subscriberId}"]`);
    await details
      .locator(`[data-testid=certificates] tr[data-certificate="${previous?.certificateId}"]`)
      .waitFor();
    await details.locator('[data-testid=reissue-file]').setInputFiles(file);
    await details.locator('button:has-text("Перевыпустить")').click();
    const result = details.locator('[data-testid=reissue-result][data-status]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-status')).toBe('applied');
    expect(await result.locator('[data-testid=certificate-id]').textContent()).toBe(reissued.certificateId);
    // The list is read again after the decision: the new certificate current, the old one superseded.
    await details
      .locator(
        `[data-testid=certificates] tr[data-certificate="${reissued.certificateId}"][data-lifecycle=current]`,
      )
      .waitFor();
    expect(
      await details
        .locator(`[data-testid=certificates] tr[data-certificate="${previous?.certificateId}"]`)
        .getAttribute('data-lifecycle'),
    ).toBe('superseded');
    const listed = await certificates.list(subscriberId);
    expect(listed.find((c) => c.lifecycle === 'current')?.certificateId).toBe(reissued.certificateId);

    // A certificate of another company is refused by the registry, and the page says why.
    const foreign = await opensslClientSigner(testEnvironment().pkiDir, 'ПАО Газпром', {
      org: 'ПАО Газпром',
      innLe: '7736050003',
      ogrn: '1027700070518',
    });
    await writeFile(file, foreign.pem);
    await details.locator('[data-testid=reissue-file]').setInputFiles(file);
    await details.locator('button:has-text("Перевыпустить")').click();
    const refusal = details.locator('[data-testid=reissue-result][data-status=rejected]');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.textContent()).toContain('TKS-CERTIFICATE-IDENTITY-MISMATCH');

    // The test certificates are valid for 30 days, inside the first threshold (30): the registry
    // warns of the new one within a scan. The page must show exactly what the API returns.
    const warnings = await poll(
      () => certificates.warnings(subscriberId),
      (list) => list.some((w) => w.certificateId === reissued.certificateId),
      30_000,
      'the expiry warning of the reissued certificate',
    );
    const toggle = page.locator(`tr[data-subscriber="${subscriberId}"] button`);
    await toggle.click();
    await toggle.click();
    const expected = warnings.map((w) => `${w.certificateId}:${w.thresholdDays}`).sort();
    // Reopening reads both lists again; the table is compared once that read has rendered.
    const shown = await poll(
      () =>
        details
          .locator('[data-testid=warnings] tr[data-warning]')
          .evaluateAll((rows) =>
            rows.map((r) => `${r.getAttribute('data-certificate')}:${r.getAttribute('data-threshold')}`),
          ),
      (rows) => JSON.stringify([...rows].sort()) === JSON.stringify(expected),
      10_000,
      'the page to show the warnings the API returns',
    );
    expect(shown.sort()).toEqual(expected);
    await page.close();
  });
});
