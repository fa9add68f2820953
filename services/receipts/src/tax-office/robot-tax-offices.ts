import { RefusalReason } from './refusal-reasons';
import { ContentError } from './clarification-notice';

/**
 * Test tax offices with fixed behaviour, as the operators' sandboxes have, so bookkeeping
 * software can exercise every answer: a declaration addressed to one of these codes gets the
 * docflow's checks of signature and name all the same, then the robot's fixed decision.
 * README ("Test tax offices") lists them.
 */
export type RobotDecision =
  | { readonly decision: 'accept' }
  | { readonly decision: 'refuse'; readonly reason: RefusalReason }
  | { readonly decision: 'clarify'; readonly summary: string; readonly errors: readonly ContentError[] };

export const ROBOT_TAX_OFFICES: Readonly<Record<string, RobotDecision>> = {
  /** Accepts every declaration: receipt of acceptance, then input notice. */
  '9991': { decision: 'accept' },
  /** Refuses every declaration: notice of refusal. */
  '9992': {
    decision: 'refuse',
    reason: {
      code: '0100200001',
      text: 'Тестовый налоговый орган 9992 отказывает в приеме любой декларации',
    },
  },
  /** Accepts, then asks for clarification: receipt of acceptance, then clarification notice. */
  '9993': {
    decision: 'clarify',
    summary: 'Тестовый налоговый орган 9993 запрашивает пояснения по любой декларации',
    errors: [
      {
        text: 'Представьте пояснения или уточненную декларацию (проверка тестового налогового органа)',
        element: 'Файл/Документ',
      },
    ],
  },
};

export const robotTaxOffice = (code: string): RobotDecision | undefined => ROBOT_TAX_OFFICES[code];
