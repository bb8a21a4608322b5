/**
 * Stands in for the audit model where a test needs a known verdict: "[hold]"
 * texts are held for review, "[reject]" ones refused, everything else
 * published. Use it as the factory of a jest.mock of the screening module:
 *
 *   jest.mock('../../src/kernel/screening', () => require('../harness/screening-stand-in').screeningStandIn());
 */
export function screeningStandIn() {
  const actual = jest.requireActual('../../src/kernel/screening');
  return {
    ...actual,
    screenContent: async (_ctx: unknown, content: { text: string }) => {
      if (content.text.includes('[reject]')) return { status: 'REJECTED', reason: 'it breaks the community rules.' };
      if (content.text.includes('[hold]')) return { status: 'HELD', reason: 'a moderator will look at it.' };
      return { status: 'PUBLISHED' };
    },
  };
}
