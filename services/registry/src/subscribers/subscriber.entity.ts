import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SubscriberKind } from '@tks/contracts';

@Entity({ name: 'subscribers' })
export class Subscriber {
  @PrimaryColumn({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  @Column({ name: 'registration_id', type: 'uuid' })
  registrationId!: string;

  @Column('text')
  kind!: SubscriberKind;

  @Column('text')
  name!: string;

  @Column({ type: 'varchar', length: 12 })
  inn!: string;

  @Column({ type: 'varchar', length: 9, nullable: true })
  kpp!: string | null;

  @Column({ type: 'varchar', length: 15, nullable: true })
  ogrn!: string | null;

  @Column({ name: 'tax_office_codes', type: 'text', array: true })
  taxOfficeCodes!: string[];

  @Column('text')
  status!: 'active' | 'closed';

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;
}
