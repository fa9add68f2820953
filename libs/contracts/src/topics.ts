/**
 * Every topic the project uses, declared once with its partitions and settings. Services create
 * them at start-up (the broker's auto-create is off); a breaking change of an event is a new
 * topic version consumed side by side.
 */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly config: Readonly<Record<string, string>>;
}

/**
 * An optional namespace (TKS_NAMESPACE) prefixes every topic and consumer group, so that a test
 * run or a second deployment shares a broker without seeing anyone else's events.
 */
export const namespace = process.env.TKS_NAMESPACE ? `${process.env.TKS_NAMESPACE}.` : '';

const events = (name: string, partitions = 6): TopicSpec => ({
  name: namespace + name,
  partitions,
  config: { 'cleanup.policy': 'delete', 'retention.ms': String(14 * 24 * 3600 * 1000) },
});

/** State topics keep the latest event per key for ever, so a late service rebuilds its model. */
const state = (name: string, partitions = 6): TopicSpec => ({
  name: namespace + name,
  partitions,
  config: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' },
});

/**
 * The channel to and from the tax office carries whole transport containers (channel.ts), so its
 * messages may be larger than the broker's usual 1 MB: max.message.bytes is raised to 4 MiB (the
 * broker allows 10 MB, infra/kafka/server.properties); larger containers travel in parts.
 */
export const CHANNEL_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

const channel = (name: string): TopicSpec => ({
  name: namespace + name,
  partitions: 6,
  config: {
    'cleanup.policy': 'delete',
    'retention.ms': String(14 * 24 * 3600 * 1000),
    'max.message.bytes': String(CHANNEL_MAX_MESSAGE_BYTES),
  },
});

export const Topics = {
  subscriberRegistrationRequested: events('tks.subscriber.registration-requested.v1'),
  subscriberRegistrationRejected: events('tks.subscriber.registration-rejected.v1'),
  subscriberState: state('tks.subscriber.state.v1'),
  filingSubmitted: events('tks.filing.submitted.v1'),
  filingSigned: events('tks.filing.signed.v1'),
  receiptIssued: events('tks.receipt.issued.v1'),
  filingSignatureRejected: events('tks.filing.signature-rejected.v1'),
  receiptNoticeSent: events('tks.receipt-notice.sent.v1'),
  receiptNoticeForwarded: events('tks.receipt-notice.forwarded.v1'),
  certificateRequested: events('tks.certificate.requested.v1'),
  certificateRequestDecided: events('tks.certificate.request-decided.v1'),
  certificateExpiryWarning: events('tks.certificate.expiry-warning.v1'),
  keyGenerationRequested: events('tks.key.generation-requested.v1'),
  keyGenerated: events('tks.key.generated.v1'),
  evidenceStatementRequested: events('tks.evidence.statement-requested.v1'),
  evidenceStatementSigned: events('tks.evidence.statement-signed.v1'),
  containerToTaxOffice: channel('tks.channel.container-to-tax-office.v1'),
  containerFromTaxOffice: channel('tks.channel.container-from-tax-office.v1'),
  deadLetter: events('tks.dead-letter.v1', 1),
} as const satisfies Record<string, TopicSpec>;

export type TopicKey = keyof typeof Topics;
export const allTopics: readonly TopicSpec[] = Object.values(Topics);
