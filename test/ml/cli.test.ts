import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/ml/cli';
import { parseCsv, CsvFormatError } from '../../src/ml/cli/csv';
import { SEED_CORPUS } from '../../src/ml/moderate/seed-corpus';
import { captureIo, csvField, interactiveIo } from './fixtures/streams';
import { generateInteractions, toUData } from './fixtures/synthetic-interactions';

const dir = mkdtempSync(join(tmpdir(), 'knowpay-ml-cli-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

const data = generateInteractions({ users: 120, items: 150, meanPerUser: 30, genres: 6, seed: 5 });
const uData = file('u.data', toUData(data.interactions));
const users = file('users.txt', '3\n17\nnever-seen\n\n42\n');
const trainCsv = file('train.csv', 'label,text,source\n' + SEED_CORPUS.map((e) => `${e.label},${csvField(e.text)},seed`).join('\r\n') + '\r\n');
const inputCsv = file('input.csv', 'text,id\n"Great course, thanks!",a1\n"加 微 信 领 红 包",a2\n"multi\nline ""quoted"" text",a3\nyou are an idiot,a4\n');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CSV reading', () => {
  it('handles quoted fields, escaped quotes, embedded newlines and commas, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"line1\nline2",\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['line1\nline2', ''],
    ]);
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reports an unclosed quote with its line', () => {
    expect(() => parseCsv('a\n"never closed\n')).toThrow(new CsvFormatError('quoted field is never closed', 2));
  });
});

describe('the ml command line, in process', () => {
  it('recommend prints K unseen items per user, popularity for unknown users', async () => {
    const io = captureIo();
    expect(await runCli(['recommend', '--train', uData, '--users', users, '--k', '5'], io)).toBe(0);
    const lines = jsonLines(io.out());
    expect(lines.map((l) => l.user)).toEqual(['3', '17', 'never-seen', '42']);
    for (const line of lines) {
      expect(line.items).toHaveLength(5);
      expect(new Set(line.items).size).toBe(5);
      const seen = new Set(data.interactions.filter((e) => e.userId === line.user).map((e) => e.itemId));
      for (const item of line.items) expect(seen.has(item)).toBe(false);
    }
    expect(io.err()).toMatch(/model selection/);
  });

  it('moderate prints one scored line per input row, found by header name', async () => {
    const io = captureIo();
    expect(await runCli(['moderate', '--train', trainCsv, '--input', inputCsv], io)).toBe(0);
    const lines = jsonLines(io.out());
    expect(lines.map((l) => l.id)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(lines.map((l) => l.label)).toEqual(expect.arrayContaining(['ok', 'spam', 'abuse']));
    for (const l of lines) expect(Object.keys(l.scores).sort()).toEqual(['abuse', 'ok', 'spam']);
  });

  it('price-agent prices each visitor, learns from the reply and stops at end of input', async () => {
    let visitors = 0;
    let state = 12345; // the buyers' coin flips are seeded too, so the run is the same every time
    const coin = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const io = interactiveIo((line, reply) => {
      const { price } = JSON.parse(line);
      if (visitors++ === 300) return reply(null);
      // Cheap sells often, dear rarely: the agent should drift towards 1990 over 490.
      reply(JSON.stringify({ purchased: coin() < (price === 490 ? 0.2 : price === 1990 ? 0.15 : 0.01) }));
    });
    expect(await runCli(['price-agent', '--prices', '490,1990,5990'], io)).toBe(0);
    const prices = jsonLines(io.out()).map((l) => l.price);
    expect(prices).toHaveLength(301);
    expect(new Set(prices)).toEqual(new Set([490, 1990, 5990]));
  });

  it('eval recommend compares the model with EASE and popularity on stdout', async () => {
    const io = captureIo();
    expect(await runCli(['eval', 'recommend', '--data', uData, '--seed', '3'], io)).toBe(0);
    const rows = jsonLines(io.out());
    expect(rows.map((r) => r.model)).toEqual(['knowpay-blend', 'ease-tuned', 'ease', 'popularity']);
    for (const r of rows) {
      expect(r['ndcg@10']).toBeGreaterThan(0);
      expect(r['recall@10']).toBeGreaterThan(0);
    }
    expect(io.err()).toMatch(/NDCG@10/);
  });

  it('eval moderate cross-validates the model and the TF-IDF baseline', async () => {
    const io = captureIo();
    expect(await runCli(['eval', 'moderate', '--data', trainCsv, '--folds', '3'], io)).toBe(0);
    const rows = jsonLines(io.out());
    expect(rows.map((r) => r.model)).toEqual(['knowpay-ngram-softmax', 'tfidf-logreg', 'tfidf-word12-balanced-logreg']);
    expect(rows[0].folds).toBe(3);
    expect(rows[0].macroF1).toBeGreaterThan(rows[1].macroF1);
    expect(rows[0].macroF1).toBeGreaterThan(rows[2].macroF1);
  });

  it.each([
    [
      'a missing training file',
      ['recommend', '--train', join(dir, 'missing.data'), '--users', users, '--k', '3'],
      1,
      /cannot read training file .*no such file/,
    ],
    ['a non-numeric k', ['recommend', '--train', uData, '--users', users, '--k', 'ten'], 2, /--k must be an integer/],
    ['a misspelt option', ['recommend', '--train', uData, '--users', users, '--k', '3', '--kk', '2'], 2, /unknown option --kk/],
    [
      'an unclosed CSV quote',
      ['moderate', '--train', file('bad.csv', 'text,label\n"unclosed,ok\n'), '--input', inputCsv],
      1,
      /line 2: quoted field is never closed/,
    ],
    ['a CSV without a label column', ['moderate', '--train', file('nolabel.csv', 'text,category\nhi,ok\n'), '--input', inputCsv], 1, /missing column 'label'/],
    ['prices in major units', ['price-agent', '--prices', '9.99,19.99'], 2, /positive integers \(minor units\)/],
    ['an unknown evaluation', ['eval', 'nothing'], 2, /eval needs 'recommend' or 'moderate'/],
    ['an unknown content kind', ['moderate', '--input', inputCsv, '--kind', 'POEM'], 2, /--kind must be one of COURSE, LESSON, COMMENT/],
    ['an unknown command', ['dance'], 2, /unknown command 'dance'/],
  ])('%s fails with exit %i and a clear message', async (_label, argv, code, message) => {
    const io = captureIo();
    expect(await runCli(argv as string[], io)).toBe(code);
    expect(io.err()).toMatch(message as RegExp);
    expect(io.out()).toBe('');
  });

  it('price-agent rejects a reply that is not {"purchased":bool}', async () => {
    const io = captureIo(['{"bought":1}']);
    expect(await runCli(['price-agent', '--prices', '100,200'], io)).toBe(1);
    expect(io.err()).toMatch(/visitor 1: expected \{"purchased":true\|false\}/);
  });
});

const compiled = join(__dirname, '../../dist/src/ml/cli.js');

// `npm test` builds first, so the compiled command line is always there to run.
describe('the compiled ml command line (dist/, from the last build)', () => {
  it('runs as a separate process with results on stdout only', () => {
    const result = spawnSync(process.execPath, [compiled, 'price-agent', '--prices', '990,1990'], {
      input: '{"purchased":true}\n{"purchased":false}\n',
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(0);
    expect(
      result.stdout
        .trim()
        .split('\n')
        .map((l) => Object.keys(JSON.parse(l))),
    ).toEqual([['price'], ['price'], ['price']]);
    const bad = spawnSync(process.execPath, [compiled, 'moderate'], { encoding: 'utf8', timeout: 20_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/missing --input/);
  });
});
