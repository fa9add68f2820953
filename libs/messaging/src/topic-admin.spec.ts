import type { Kafka } from 'kafkajs';
import { ensureTopicsSettled } from './topic-admin';

/**
 * A broker's admin API that answers createTopics from a script, one answer per call, and gives
 * the topic's one partition the leaders of `leaders`, one per metadata request (-1: none yet).
 */
function scriptedKafka(
  answers: Array<Error | 'ok'>,
  options: { existing?: string[]; leaders?: number[] } = {},
): { kafka: Kafka; creates: () => number; metadataReads: () => number } {
  let creates = 0;
  let metadataReads = 0;
  const leaders = options.leaders ?? [0];
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => options.existing ?? [],
    createTopics: async () => {
      const answer = answers[Math.min(creates, answers.length - 1)];
      creates += 1;
      if (answer !== 'ok') throw answer;
      return true;
    },
    fetchTopicMetadata: async ({ topics: names }: { topics: string[] }) => {
      const leader = leaders[Math.min(metadataReads, leaders.length - 1)];
      metadataReads += 1;
      return { topics: names.map((name) => ({ name, partitions: [{ partitionId: 0, leader }] })) };
    },
  };
  return {
    kafka: { admin: () => admin } as unknown as Kafka,
    creates: () => creates,
    metadataReads: () => metadataReads,
  };
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

  it('waits for the leaders of topics another service has just created', async () => {
    const { kafka, creates, metadataReads } = scriptedKafka(['ok'], {
      existing: ['tks.test.v1'],
      leaders: [-1, -1, 0],
    });
    await ensureTopicsSettled(kafka, topics, 10_000);
    expect(creates()).toBe(0);
    expect(metadataReads()).toBe(3);
  });

  it('fails the start when a partition never gets a leader', async () => {
    const { kafka } = scriptedKafka(['ok'], { leaders: [-1] });
    await expect(ensureTopicsSettled(kafka, topics, 0)).rejects.toThrow('no leader for this topic-partition');
  });

  it('gives up when the broker has not settled in time', async () => {
    const { kafka } = scriptedKafka([new Error('There is no leader for this topic-partition')]);
    await expect(ensureTopicsSettled(kafka, topics, 0)).rejects.toThrow('no leader');
  });
});
