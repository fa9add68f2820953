import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: signed webhooks. An endpoint belongs to the API key that registered it and sees what
 * that key may read in the events feed; `enqueued_through` is the feed position up to which its
 * events have become deliveries. A delivery is one event for one endpoint (`origin` 'live', or the
 * replay that asked for it again), with its attempts; workers claim due rows with SKIP LOCKED.
 */
export class Webhooks1732541000110 implements MigrationInterface {
  name = 'Webhooks1732541000110';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE gateway.webhook_endpoints (
        webhook_id uuid PRIMARY KEY,
        key_id uuid NOT NULL,
        url text NOT NULL,
        secret text NOT NULL,
        filters jsonb NOT NULL DEFAULT '{}',
        enqueued_through bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await runner.query(
      'CREATE INDEX webhook_endpoints_key ON gateway.webhook_endpoints (key_id) WHERE deleted_at IS NULL',
    );
    await runner.query(`
      CREATE TABLE gateway.webhook_deliveries (
        delivery_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES gateway.webhook_endpoints (webhook_id),
        event_id text NOT NULL,
        origin text NOT NULL DEFAULT 'live',
        body text NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_status integer,
        last_error text,
        last_attempt_at timestamptz,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (webhook_id, event_id, origin)
      )`);
    await runner.query(
      `CREATE INDEX webhook_deliveries_due ON gateway.webhook_deliveries (next_attempt_at) WHERE state = 'pending'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gateway.webhook_deliveries');
    await runner.query('DROP TABLE gateway.webhook_endpoints');
  }
}
