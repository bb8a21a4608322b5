import { Writable } from 'node:stream';
import { invalidInput } from '../../src/common/errors';
import { withLogFields } from '../../src/kernel/log-context';
import { createLogger } from '../../src/kernel/logger';

/** A logger writing JSON into memory, as a log shipper would read it. */
function capture(level: Parameters<typeof createLogger>[0] = 'debug') {
  const lines: Array<Record<string, any>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger(level, { format: 'json', stream }), lines };
}

describe('log lines as an operator reads them', () => {
  it('are one JSON object each, with the level by name, the time and the message', () => {
    const { logger, lines } = capture();
    logger.info('hello', { port: 4000 });
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'hello', port: 4000, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })]);
  });

  it('carry the request id of the request they were written in, wherever they were written from', async () => {
    const { logger, lines } = capture();
    await withLogFields({ requestId: 'req-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.warn('deep inside a resolver');
    });
    logger.warn('outside any request');
    expect(lines.map((line) => [line.msg, line.requestId])).toEqual([
      ['deep inside a resolver', 'req-1'],
      ['outside any request', undefined],
    ]);
  });

  it('log a typed business failure by its code, without a stack trace; an unexpected error with its stack', () => {
    const { logger, lines } = capture();
    logger.warn('refused', invalidInput('The title is empty.', ['input', 'title']));
    logger.error('failed', new Error('the disk is full'));
    expect(lines[0].err).toEqual({ type: 'UserFailure', code: 'INVALID_INPUT', message: 'The title is empty.', field: ['input', 'title'] });
    expect(lines[1].err).toMatchObject({ type: 'Error', message: 'the disk is full', stack: expect.stringContaining('logger.test.ts') });
  });

  it("leave a failed statement's parameters out (they may hold personal data)", () => {
    const { logger, lines } = capture();
    const failure = Object.assign(new Error('duplicate key'), {
      query: 'INSERT INTO users …',
      parameters: ['someone@example.com', '$argon2id$…'],
      driverError: { message: 'duplicate key' },
    });
    logger.error('insert failed', failure);
    expect(lines[0].err.query).toBe('INSERT INTO users …');
    expect(JSON.stringify(lines[0])).not.toContain('someone@example.com');
    expect(lines[0].err.driverError).toBeUndefined();
  });

  it('drop lines below the level', () => {
    const { logger, lines } = capture('warn');
    logger.info('chatter');
    logger.debug('more chatter');
    logger.error('news');
    expect(lines.map((line) => line.msg)).toEqual(['news']);
  });
});
