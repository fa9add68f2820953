import { positionAt } from './position';

describe('positionAt', () => {
  it('gives 1-based line and column', () => {
    const text = 'ab\ncd\n\nef';
    expect(positionAt(text, 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt(text, 2)).toEqual({ line: 1, column: 3 });
    expect(positionAt(text, 3)).toEqual({ line: 2, column: 1 });
    expect(positionAt(text, 7)).toEqual({ line: 4, column: 1 });
    expect(positionAt(text, 99)).toEqual({ line: 4, column: 3 });
  });
});
