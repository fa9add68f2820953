import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import {
  databaseUrlFor,
  dropDatabase,
  ServiceName,
  startService,
  stopService,
  testEnvironment,
  uniqueName,
  withDeadline,
} from '@tks/testing';

/** OpenSC's PKCS#11 spy (package opensc-pkcs11, installed by infra/apt.sh): it logs every call it passes on. */
const SPY_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/pkcs11-spy.so',
  '/usr/lib/aarch64-linux-gnu/pkcs11-spy.so',
  '/usr/lib/pkcs11-spy.so',
];

const EX_CONFIG = 78;

/**
 * Token safety (issue 14) on the real SoftHSM token: a signing service configured with a wrong PIN
 * calls C_Login exactly once, stops with EX_CONFIG (78: a configuration error the supervisor does
 * not restart) and logs what to fix, and the PIN is in none of its output. SoftHSM never locks, so
 * the single login is counted where it happens: the service talks to the token through OpenSC's
 * PKCS#11 spy, which records each call before passing it on to SoftHSM. A token on a vendor
 * default PIN (a throw-away SoftHSM token of the test's own) is refused outside development
 * without any C_Login.
 */
describe('token safety of the signing services', () => {
  const env = testEnvironment();
  const spy = SPY_CANDIDATES.find((path) => existsSync(path));
  let dir: string;
  const databases: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tks-wrong-pin-'));
  });

  afterAll(async () => {
    // The spy's log holds the fixture PIN the service sent: it goes with the folder.
    await rm(dir, { recursive: true, force: true });
    await Promise.all(databases.map((database) => dropDatabase(env.databaseUrl, database)));
  });

  const cases: Array<{ service: ServiceName; keys: Record<string, string> }> = [
    // The signer always opens the token (it generates subscribers' keys there).
    { service: 'signer', keys: {} },
    // The receipts service opens it when a key setting names it.
    {
      service: 'receipts',
      keys: { OPERATOR_SIGNING_KEY: 'pkcs11:operator', TAX_OFFICE_SIGNING_KEY: 'pkcs11:tax-office' },
    },
  ];

  /** Starts the service on the token through the spy, with this PIN in a PIN file; `spyLog` has its calls. */
  async function startWithPin(service: ServiceName, pin: string, extra: NodeJS.ProcessEnv) {
    if (!spy)
      throw new Error(`OpenSC's pkcs11-spy.so is missing (infra/apt.sh installs opensc): ${SPY_CANDIDATES}`);
    const name = uniqueName(service);
    const pinFile = join(dir, `${name}.pin`);
    const spyLog = join(dir, `${name}-pkcs11-spy.log`);
    await writeFile(pinFile, pin, { mode: 0o600 });
    const database = uniqueName(`tks_pin_${service}`);
    databases.push(database);
    const running = startService(service, {
      DATABASE_URL: databaseUrlFor(env.databaseUrl, database),
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      TKS_NAMESPACE: uniqueName('pin'),
      DOCUMENT_STORE_DIR: join(dir, 'documents'),
      PKCS11_LIBRARY: spy,
      PKCS11SPY: env.pkcs11Library,
      PKCS11SPY_OUTPUT: spyLog,
      PKCS11_PIN_FILE: pinFile,
      PKCS11_PIN: undefined,
      ...extra,
    });
    return { running, spyLog };
  }

  it.each(cases)('$service logs in once, exits 78 and says what to fix', async ({ service, keys }) => {
    const wrongPin = `fixture-wrong-pin-${randomBytes(6).toString('hex')}`;
    const { running, spyLog } = await startWithPin(service, wrongPin, keys);
    try {
      const exit = await withDeadline(`${service} to stop`, running.exited, 90_000);
      const output = running.output();
      expect({ exit, output }).toMatchObject({ exit: { code: EX_CONFIG, signal: null } });

      const calls = await readFile(spyLog, 'utf8');
      expect(calls.match(/C_Login/g)).toHaveLength(1);
      expect(calls).toContain('CKR_PIN_INCORRECT');

      const refusal = output.split('\n').find((line) => line.includes('CKR_PIN_INCORRECT'));
      expect(refusal).toContain('Correct the PIN in PKCS11_PIN_FILE');
      expect(refusal).toContain('not restarted');
      expect(output).not.toContain('service started');
      expect(output).not.toContain(wrongPin);
    } finally {
      await stopService(running);
    }
  });

  it('refuses a token on a vendor default PIN outside development without logging in', async () => {
    // A throw-away SoftHSM token of this test, on Rutoken's published default user PIN.
    // A vendor's published factory PIN (Rutoken's user PIN), a public fixture, not a secret of ours.
    const fixtureVendorDefaultPin = '12345678';
    const tokens = join(dir, 'default-pin-tokens');
    await mkdir(tokens);
    const conf = join(dir, 'default-pin-softhsm2.conf');
    await writeFile(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\n`);
    await promisify(execFile)(
      'softhsm2-util',
      [
        '--init-token',
        '--free',
        '--label',
        env.tokenLabel,
        '--pin',
        fixtureVendorDefaultPin,
        '--so-pin',
        randomBytes(8).toString('hex'),
      ],
      { env: { ...process.env, SOFTHSM2_CONF: conf } },
    );

    const { running, spyLog } = await startWithPin('signer', fixtureVendorDefaultPin, {
      SOFTHSM2_CONF: conf,
      TKS_PROFILE: 'production',
    });
    try {
      const exit = await withDeadline('signer to stop', running.exited, 90_000);
      const output = running.output();
      expect({ exit, output }).toMatchObject({ exit: { code: EX_CONFIG, signal: null } });
      expect(await readFile(spyLog, 'utf8')).not.toContain('C_Login');
      expect(output).toContain('the user PIN is a well-known vendor default');
      expect(output).toContain('TKS_PROFILE=development');
      expect(output).not.toContain(fixtureVendorDefaultPin);
    } finally {
      await stopService(running);
    }
  });
});
