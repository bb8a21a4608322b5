import { ErrorCode, UserFailure } from '../../src/common/errors';
import { payload } from '../../src/common/payload';

describe('payload()', () => {
  it('turns a UserFailure into a coded error entry', async () => {
    const out = await payload(
      async () => {
        throw new UserFailure(ErrorCode.NOT_FOUND, 'No such course', ['input', 'id']);
      },
      (c: string) => ({ course: c }),
    );
    expect(out).toEqual({ errors: [{ code: 'NOT_FOUND', message: 'No such course', field: ['input', 'id'] }] });
  });
  it('lets unexpected errors propagate', async () => {
    await expect(
      payload(
        async () => {
          throw new Error('boom');
        },
        (c: string) => ({ c }),
      ),
    ).rejects.toThrow('boom');
  });
});
