// Issue 17: how long a consumer group takes to hand a SIGKILLed member's partition to its
// restarted self, for a given session timeout. Usage (real broker, a throwaway topic and group):
//   node bench/consumer-recovery.js SESSION_TIMEOUT_MS HEARTBEAT_INTERVAL_MS [RUNS]
// Prints one line per run: ms from the kill to the restarted consumer's first message.
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const [sessionTimeout, heartbeatInterval, runs] = [
  Number(process.argv[2] ?? 30000),
  Number(process.argv[3] ?? 3000),
  Number(process.argv[4] ?? 1),
];

const member = `
const { Kafka, logLevel } = require('kafkajs');
const kafka = new Kafka({ clientId: 'recovery', brokers: process.env.BROKERS.split(','), logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: process.env.GROUP, sessionTimeout: +process.env.SESSION, heartbeatInterval: +process.env.HEARTBEAT });
(async () => {
  await consumer.connect();
  await consumer.subscribe({ topic: process.env.TOPIC, fromBeginning: false });
  consumer.on(consumer.events.GROUP_JOIN, () => console.log('JOINED'));
  await consumer.run({ eachMessage: async ({ message }) => console.log('MESSAGE ' + message.value) });
})();
`;

function startMember(env) {
  const child = spawn(process.execPath, ['-e', member], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = [];
  child.stdout.on('data', (d) => lines.push(...String(d).split('\n').filter(Boolean)));
  return { child, lines };
}

const until = async (check, timeoutMs = 120000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

(async () => {
  const kafka = new Kafka({ clientId: 'recovery', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer();
  await producer.connect();
  for (let run = 0; run < runs; run++) {
    const topic = `tks.bench.recovery.${randomUUID()}`;
    const group = `tks-bench-recovery-${randomUUID()}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const env = {
      BROKERS: brokers.join(','),
      GROUP: group,
      TOPIC: topic,
      SESSION: String(sessionTimeout),
      HEARTBEAT: String(heartbeatInterval),
    };
    const first = startMember(env);
    await until(() => first.lines.includes('JOINED'));
    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    const restarted = startMember(env);
    // A message every 100 ms: the restarted member's first one marks the recovery.
    const ticker = setInterval(
      () => void producer.send({ topic, messages: [{ value: String(Date.now()) }] }),
      100,
    );
    await until(() => restarted.lines.some((l) => l.startsWith('MESSAGE')));
    clearInterval(ticker);
    console.log(JSON.stringify({ sessionTimeout, heartbeatInterval, recoveryMs: Date.now() - killedAt }));
    restarted.child.kill('SIGTERM');
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([group]).catch(() => undefined);
  }
  await producer.disconnect();
  await admin.disconnect();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
