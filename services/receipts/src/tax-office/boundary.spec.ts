import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The tax office's side has no code path to the operator's store or schema: the ESLint rule of
 * eslint.config.mjs (no-restricted-imports on this folder) refuses each way in, and the folder as
 * it is passes it. ESLint runs as its own process, as `npm run lint` runs it.
 */
describe("the tax office's import boundary", () => {
  const root = join(__dirname, '..', '..', '..', '..');
  const eslint = (args: string[], input?: string) => {
    const run = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--format', 'json', ...args], {
      cwd: root,
      input,
      encoding: 'utf8',
    });
    const results = JSON.parse(run.stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string | null; line: number; message: string }>;
    }>;
    return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports'));
  };

  it("refuses the operator's entities, configuration, receipt notices and store provider", () => {
    const probe = [
      "import { Receipt } from '../receipts/receipt.entity';",
      "import { ForwardedDocflow } from '../receipts/forwarded-docflow.entity';",
      "import { ReceiptsConfig } from '../receipts.config';",
      "import { ForwardedReceiptNotice } from '../receipt-notices/forwarded-receipt-notice.entity';",
      "import { documentStoreProvider } from '@tks/platform';",
      'export const probe = [Receipt, ForwardedDocflow, ForwardedReceiptNotice, documentStoreProvider];',
      'export type Probe = ReceiptsConfig;',
    ].join('\n');
    const messages = eslint(
      ['--stdin', '--stdin-filename', 'services/receipts/src/tax-office/probe.ts'],
      probe,
    );
    expect(messages.map((m) => m.line)).toEqual([1, 2, 3, 4, 5]);
  }, 60_000);

  it('passes the folder as it is', () => {
    expect(eslint(['services/receipts/src/tax-office'])).toEqual([]);
  }, 60_000);
});
