import { parseArgs } from 'node:util';
import { readDeadLetters, replayDeadLetter, type StoredDeadLetter } from './dead-letters';

export const deadLettersUsage = `  tks admin dead-letters list [--brokers HOSTS] [--json]
  tks admin dead-letters show ID [--brokers HOSTS] [--json]
  tks admin dead-letters replay ID [--brokers HOSTS] [--json]
      the dead-letter topic, read from the broker (--brokers or KAFKA_BROKERS, default 127.0.0.1:19092;
      TKS_NAMESPACE as the services); ID: the dead letter's id or its <partition>:<offset>; replay
      publishes the original event again, unchanged, to its topic`;

function line(d: StoredDeadLetter): string {
  const origin =
    d.letter.partition === undefined ? '' : ` partition ${d.letter.partition} offset ${d.letter.offset}`;
  return `${d.id}  ${d.position}  ${d.occurredAt}  ${d.letter.service}  ${d.letter.kind ?? ''}  ${d.letter.sourceTopic}${origin}  ${d.letter.reason}`;
}

/** `tks admin dead-letters …`: exit 0 done, 1 not found or not replayable, 2 wrong usage. */
export async function runDeadLettersCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { brokers: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [action, id] = positionals;
  const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
  const out = (text: string) => process.stdout.write(text + '\n');
  if (action === 'list') {
    const letters = await readDeadLetters(brokers);
    if (values.json) out(JSON.stringify(letters, null, 2));
    else out(letters.length ? letters.map(line).join('\n') : 'no dead letters');
    return 0;
  }
  if ((action !== 'show' && action !== 'replay') || !id) {
    process.stderr.write(deadLettersUsage + '\n');
    return 2;
  }
  const found = (await readDeadLetters(brokers)).find((d) => d.id === id || d.position === id);
  if (!found) {
    process.stderr.write(`no dead letter ${id}\n`);
    return 1;
  }
  if (action === 'show') {
    out(
      values.json
        ? JSON.stringify(found, null, 2)
        : `${line(found)}\n${JSON.stringify(found.letter.original, null, 2)}`,
    );
    return 0;
  }
  try {
    const event = await replayDeadLetter(brokers, found);
    const replayed = { replayed: found.id, topic: found.letter.sourceTopic, eventId: event.id };
    out(values.json ? JSON.stringify(replayed) : `replayed event ${event.id} to ${found.letter.sourceTopic}`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
