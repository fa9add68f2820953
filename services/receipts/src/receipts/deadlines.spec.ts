import { checkDeadline, ReceiptDeadlines } from './deadlines';

describe('checkDeadline', () => {
  const deadlines: ReceiptDeadlines = {
    'sending-date-confirmation': 600,
    'acceptance-receipt': 86_400,
    'refusal-notice': 43_200,
    'input-notice': 259_200,
    'clarification-notice': 259_200,
  };
  const submittedAt = new Date('2026-03-31T20:00:00Z');

  it('records the time from submission and is on time up to the deadline itself', () => {
    const issuedAt = new Date('2026-03-31T20:10:00Z');
    expect(checkDeadline('sending-date-confirmation', submittedAt, issuedAt, deadlines)).toEqual({
      elapsedMs: 600_000,
      deadlineAt: issuedAt,
      overdue: false,
    });
  });

  it('flags a receipt issued after the deadline of its own kind', () => {
    const issuedAt = new Date('2026-04-01T08:00:01Z');
    expect(checkDeadline('refusal-notice', submittedAt, issuedAt, deadlines).overdue).toBe(true);
    expect(checkDeadline('acceptance-receipt', submittedAt, issuedAt, deadlines).overdue).toBe(false);
  });
});
