import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The gateway's own copy of a subscriber, rebuilt from the registry's state topic. */
@Entity({ name: 'subscribers' })
export class SubscriberView {
  @PrimaryColumn({ name: 'subscriber_id', type: 'varchar', length: 46 })
  subscriberId!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  name!: string;

  @Column({ type: 'varchar', length: 12 })
  inn!: string;

  @Column({ type: 'varchar', length: 9, nullable: true })
  kpp!: string | null;

  @Column('text')
  status!: string;

  @Column({ name: 'tax_office_codes', type: 'text', array: true })
  taxOfficeCodes!: string[];

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
