import type { AcknowledgeableKind } from '@tks/receipt-notice';
import { DocflowFacts, docflowState } from './docflow-state';

const facts = (
  answers: AcknowledgeableKind[] = [],
  forwarded: AcknowledgeableKind[] = [],
  more: Partial<DocflowFacts> = {},
): DocflowFacts => ({
  refused: false,
  signed: true,
  sendingDateConfirmed: true,
  answers: new Set(answers),
  forwarded: new Set(forwarded),
  ...more,
});

describe('docflowState', () => {
  it('goes submitted → signed → sent before the tax office answers, with no outcome', () => {
    expect(docflowState(facts([], [], { signed: false, sendingDateConfirmed: false }))).toEqual({
      progress: 'submitted',
      outcome: null,
    });
    expect(docflowState(facts([], [], { sendingDateConfirmed: false }))).toEqual({
      progress: 'signed',
      outcome: null,
    });
    expect(docflowState(facts())).toEqual({ progress: 'sent', outcome: null });
  });

  it('is answered and accepted on the receipt of acceptance', () => {
    expect(docflowState(facts(['acceptance-receipt']))).toEqual({
      progress: 'answered',
      outcome: 'accepted',
    });
  });

  it('is not finished on an acceptance alone, even confirmed: the notice of input is still to come', () => {
    expect(docflowState(facts(['acceptance-receipt'], ['acceptance-receipt'])).progress).toBe('answered');
  });

  it('finishes an accepted filing only when both the receipt and the notice of input are confirmed', () => {
    expect(docflowState(facts(['acceptance-receipt', 'input-notice'], ['input-notice'])).progress).toBe(
      'answered',
    );
    expect(
      docflowState(facts(['acceptance-receipt', 'input-notice'], ['acceptance-receipt', 'input-notice'])),
    ).toEqual({ progress: 'finished', outcome: 'accepted' });
  });

  it('finishes a clarification with the receipt and the notice of clarification confirmed', () => {
    const answers: AcknowledgeableKind[] = ['acceptance-receipt', 'clarification-notice'];
    expect(docflowState(facts(answers, ['acceptance-receipt']))).toEqual({
      progress: 'answered',
      outcome: 'clarification-requested',
    });
    expect(docflowState(facts(answers, answers))).toEqual({
      progress: 'finished',
      outcome: 'clarification-requested',
    });
  });

  it('finishes a rejected filing with its refusal notice confirmed', () => {
    expect(docflowState(facts(['refusal-notice']))).toEqual({ progress: 'answered', outcome: 'rejected' });
    expect(docflowState(facts(['refusal-notice'], ['refusal-notice']))).toEqual({
      progress: 'finished',
      outcome: 'rejected',
    });
  });

  it('finishes a filing refused before it reached the tax office at once', () => {
    expect(
      docflowState(facts([], [], { refused: true, signed: false, sendingDateConfirmed: false })),
    ).toEqual({
      progress: 'finished',
      outcome: 'refused',
    });
  });

  it('never moves progress back when events arrive out of order', () => {
    expect(docflowState(facts([], [], { sendingDateConfirmed: false }), 'sent').progress).toBe('sent');
  });
});
