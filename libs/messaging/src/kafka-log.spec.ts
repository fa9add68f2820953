import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-log';

describe('kafkajs logs', () => {
  let lines: Array<Record<string, unknown>>;
  let write: jest.SpyInstance;
  const previousLevel = process.env.LOG_LEVEL;

  beforeEach(() => {
    lines = [];
    process.env.LOG_LEVEL = 'debug';
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      return true;
    });
  });
  afterEach(() => {
    write.mockRestore();
    process.env.LOG_LEVEL = previousLevel;
  });

  const entry = (level: logLevel, message: string, error?: string) => ({
    namespace: 'Connection',
    level,
    label: 'ERROR',
    log: { timestamp: '2026-01-01T00:00:00.000Z', message, broker: '127.0.0.1:19092', error },
  });

  it('logs a fresh broker’s transient answers at debug level, once per kind', () => {
    const log = kafkaLogCreator('gateway')(logLevel.WARN);
    const createTopics = entry(
      logLevel.ERROR,
      'Response CreateTopics(key: 19, version: 3)',
      'Topic creation errors',
    );
    const coordinator = entry(
      logLevel.ERROR,
      'Response GroupCoordinator(key: 10, version: 2)',
      'The group coordinator is not available',
    );
    log(createTopics);
    log(createTopics);
    const staleLeader = entry(
      logLevel.ERROR,
      'Response ListOffsets(key: 2, version: 3)',
      'This server is not the leader for that topic-partition',
    );
    log(coordinator);
    log(coordinator);
    log(staleLeader);
    log(staleLeader);
    expect(lines.map((l) => [l.level, l.message, l.context])).toEqual([
      ['debug', 'Response CreateTopics(key: 19, version: 3)', 'kafkajs'],
      ['debug', 'Response GroupCoordinator(key: 10, version: 2)', 'kafkajs'],
      ['debug', 'Response ListOffsets(key: 2, version: 3)', 'kafkajs'],
    ]);
  });

  it('keeps other errors at error level, with the service and the broker', () => {
    kafkaLogCreator('signer')(logLevel.WARN)(
      entry(logLevel.ERROR, 'Connection error', 'connect ECONNREFUSED'),
    );
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        service: 'signer',
        message: 'Connection error',
        broker: '127.0.0.1:19092',
        error: 'connect ECONNREFUSED',
      }),
    ]);
  });

  it('writes no debug line unless LOG_LEVEL=debug', () => {
    process.env.LOG_LEVEL = 'info';
    kafkaLogCreator('signer')(logLevel.WARN)(
      entry(logLevel.ERROR, 'Response CreateTopics', 'Topic creation errors'),
    );
    expect(lines).toEqual([]);
  });
});
