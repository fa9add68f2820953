// The signer's transactions, through the one door all four services share (libs/persistence).
export { Transactions } from '@tks/persistence';
export type { Transaction } from '@tks/persistence';
