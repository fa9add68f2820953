import { Admin, Kafka, logLevel } from 'kafkajs';

/**
 * A Kafka admin for health checks and lag gauges only: short timeouts, no retries and no logging,
 * so a broker that is down makes readiness false within seconds instead of retrying for a minute
 * and filling the log with connection errors.
 */
export class BrokerProbe {
  private readonly kafka: Kafka;

  constructor(
    service: string,
    brokers: string[],
    private readonly timeoutMs = 3_000,
  ) {
    this.kafka = new Kafka({
      clientId: `${service}-probe`,
      brokers,
      connectionTimeout: 1_000,
      requestTimeout: timeoutMs,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    });
  }

  /** Runs `use` on a fresh admin connection, failing after the timeout. */
  async withAdmin<T>(use: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`broker did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([admin.connect().then(() => use(admin)), deadline]);
    } finally {
      clearTimeout(timer);
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** The cluster as the broker describes it: proof that it answers requests, not only accepts TCP. */
  async describe(): Promise<{ brokers: number; controller: number | null }> {
    const cluster = await this.withAdmin((admin) => admin.describeCluster());
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  }
}
