import { EvidenceSigningHandler } from './evidence-signing.handler';
import { EvidenceSigningService } from './evidence-signing.service';

/** Signing the gateway's evidence statements with the operator's key (issue 14), wired into SignerModule. */
export const evidenceParts = {
  controllers: [EvidenceSigningHandler],
  providers: [EvidenceSigningService],
};
