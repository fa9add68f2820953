// The receipts service's transactions (operator's and tax office's databases alike), through the
// one door all four services share (libs/persistence).
export { Transactions } from '@tks/persistence';
export type { Transaction } from '@tks/persistence';
