import { sharedStep } from './shared-step';

describe('sharedStep', () => {
  it('makes its result once, for every test that asks, at once or later', async () => {
    let made = 0;
    const step = sharedStep(async () => ++made);
    expect(await Promise.all([step(), step()])).toEqual([1, 1]);
    expect(await step()).toBe(1);
    expect(made).toBe(1);
  });

  it('fails every caller with the error of its one attempt', async () => {
    let attempts = 0;
    const step = sharedStep(async () => {
      attempts += 1;
      throw new Error('no subscriber');
    });
    await expect(step()).rejects.toThrow('no subscriber');
    await expect(step()).rejects.toThrow('no subscriber');
    expect(attempts).toBe(1);
  });
});
