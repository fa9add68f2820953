import type { Kafka } from 'kafkajs';
import { ensureTopicsSettled } from './topic-admin';

/** A broker's admin API that answers createTopics from a script, one answer per call. */
function scriptedKafka(answers: Array<Error | 'ok'>): { kafka: Kafka; creates: () => number } {
  let creates = 0;
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => [] as string[],
    createTopics: async () => {
      const answer = answers[Math.min(creates, answers.length - 1)];
      creates += 1;
      if (answer !== 'ok') throw answer;
      return true;
    },
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, creates: () => creates };
}

const topics = [{ name: 'tks.test.v1', partitions: 1, config: {} }];

describe('creating topics on a broker that is still settling', () => {
  it('retries the answers of a broker settling its new topics, then succeeds', async () => {
    const settling = new Error('This server does not host this topic-partition');
    const { kafka, creates } = scriptedKafka([settling, settling, 'ok']);
    await ensureTopicsSettled(kafka, topics, 10_000);
    expect(creates()).toBe(3);
  });

  it('fails at once on an answer that is not about settling', async () => {
    const { kafka, creates } = scriptedKafka([new Error('Topic authorization failed')]);
    await expect(ensureTopicsSettled(kafka, topics, 10_000)).rejects.toThrow('Topic authorization failed');
    expect(creates()).toBe(1);
  });

  it('gives up when the broker has not settled in time', async () => {
    const { kafka } = scriptedKafka([new Error('There is no leader for this topic-partition')]);
    await expect(ensureTopicsSettled(kafka, topics, 0)).rejects.toThrow('no leader');
  });
});
