import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: a client key may register subscribers, and the subscriber a registration creates is
 * granted to the key that asked for it. The key is recorded with the registration, because the
 * subscriber id exists only once the registry answers; a client sees only its own registrations.
 */
export class ClientOnboarding1732541000125 implements MigrationInterface {
  name = 'ClientOnboarding1732541000125';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE gateway.subscriber_registrations ADD COLUMN requested_by_key_id uuid');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE gateway.subscriber_registrations DROP COLUMN requested_by_key_id');
  }
}
