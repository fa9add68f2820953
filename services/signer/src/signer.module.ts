import { readFileSync } from 'node:fs';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxEntry, MessagingModule, OutboxMessage } from '@tks/messaging';
import { serviceDataSourceOptions } from '@tks/persistence';
import { documentSignerProvider, documentStoreProvider, SigningModule } from '@tks/platform';
import { DocumentStore } from '@tks/storage';
import { parseCertificateBundle } from '@tks/crypto';
import { evidenceParts } from './evidence/evidence.parts';
import { keysParts } from './keys/keys.parts';
import { Initial1732540000000 } from './migrations/1732540000000-initial';
import { Transactions } from './persistence/transactions.repository';
import { TransportContainer1732541000004 } from './migrations/1732541000004-transport-container';
import { ContainerSealer } from './sealing/container-sealer';
import { SignerConfig } from './signer.config';
import { CloudSigner } from './signing/cloud-signer';
import { FilingSigningService } from './signing/filing-signing.service';
import { FilingSubmittedHandler } from './signing/filing-submitted.handler';
import { SignatureRejection } from './signing/signature-rejection.entity';
import { Signature } from './signing/signature.entity';
import { SignaturesRepository } from './signing/signatures.repository';
import { subscriberCertificatesParts } from './subscriber-certificates/subscriber-certificates.parts';
import { ClientSignatureVerifier } from './verification/client-signature-verifier';
import { ClientTrustList } from './verification/client-trust-list';

@Module({})
export class SignerModule {
  static register(config: SignerConfig): DynamicModule {
    // Read at start: a configured file that is missing stops the service with its name.
    const taxOfficeCertificate = readRequiredFile(
      config.TAX_OFFICE_CERTIFICATE_FILE,
      'TAX_OFFICE_CERTIFICATE_FILE',
    );
    const clientTrustAnchors = readConfiguredFile(
      config.CLIENT_TRUST_ANCHORS_FILE,
      'CLIENT_TRUST_ANCHORS_FILE',
    );
    return {
      module: SignerModule,
      imports: [
        TypeOrmModule.forRoot(
          serviceDataSourceOptions({
            url: config.DATABASE_URL,
            schema: 'signer',
            entities: [
              Signature,
              SignatureRejection,
              OutboxMessage,
              InboxEntry,
              ...keysParts.entities,
              ...subscriberCertificatesParts.entities,
            ],
            migrations: [
              Initial1732540000000,
              TransportContainer1732541000004,
              ...keysParts.migrations,
              ...subscriberCertificatesParts.migrations,
            ],
          }),
        ),
        MessagingModule.forService({ service: 'signer', brokers: config.KAFKA_BROKERS }),
        // Always the token, read-write: the signer also generates subscribers' key pairs there.
        SigningModule.register(config, { openToken: true, readWrite: true }),
      ],
      controllers: [
        FilingSubmittedHandler,
        ...keysParts.controllers,
        ...evidenceParts.controllers,
        ...subscriberCertificatesParts.controllers,
      ],
      providers: [
        documentStoreProvider(config.DOCUMENT_STORE_DIR),
        documentSignerProvider('OPERATOR_SIGNING_KEY', config.OPERATOR_SIGNING_KEY),
        {
          provide: ContainerSealer,
          useFactory: (store: DocumentStore) =>
            new ContainerSealer(store, config.OPERATOR_CODE, taxOfficeCertificate),
          inject: [DocumentStore],
        },
        {
          provide: ClientTrustList,
          useFactory: () =>
            ClientTrustList.load(clientTrustDirs(config), config.CLIENT_TRUST_RELOAD_INTERVAL_MS),
        },
        {
          provide: ClientSignatureVerifier,
          inject: [ClientTrustList],
          useFactory: (trustList: ClientTrustList) =>
            new ClientSignatureVerifier(
              clientTrustAnchors === undefined ? undefined : parseCertificateBundle(clientTrustAnchors),
              trustList,
            ),
        },
        // The only code that touches the database: repositories, and the door to transactions.
        Transactions,
        SignaturesRepository,
        FilingSigningService,
        CloudSigner,
        ...keysParts.providers,
        ...evidenceParts.providers,
        ...subscriberCertificatesParts.providers,
      ],
    };
  }
}

/** CLIENT_TRUST_DIRS, else the local test CAs' directories; neither stops the signer naming the setting. */
function clientTrustDirs(config: SignerConfig): string[] {
  const dirs =
    config.CLIENT_TRUST_DIRS ?? (config.TKS_PKI_DIR && `${config.TKS_PKI_DIR},${config.TKS_PKI_DIR}/gost`);
  if (!dirs)
    throw new Error(
      'CLIENT_TRUST_DIRS: name the directories of the CAs and CRLs clients’ certificates must chain to',
    );
  return dirs.split(',').filter(Boolean);
}

function readRequiredFile(path: string, setting: string): string {
  const text = readConfiguredFile(path, setting) ?? '';
  // Parsed at start: a file that holds no certificate stops the signer naming the setting.
  if (parseCertificateBundle(text).length === 0) throw new Error(`${setting}: no certificate in ${path}`);
  return text;
}

function readConfiguredFile(path: string | undefined, setting: string): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${setting}: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
