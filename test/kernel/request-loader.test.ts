import { RequestLoader, thenNow } from '../../src/kernel/request-loader';

describe('RequestLoader', () => {
  function loader() {
    const batches: string[][] = [];
    const l = new RequestLoader<string, string>(async (keys) => {
      batches.push([...keys]);
      return keys.map((k) => `loaded ${k}`);
    });
    return { l, batches };
  }

  it('hands over a primed value as it is, and loads (batched) what was not primed', async () => {
    const { l, batches } = loader();
    l.prime('a', 'primed a');
    expect(l.now('a')).toBe('primed a');
    const b = l.now('b');
    const c = l.now('c');
    expect(b).toBeInstanceOf(Promise);
    expect(await b).toBe('loaded b');
    expect(await c).toBe('loaded c');
    expect(batches).toEqual([['b', 'c']]);
  });

  it('keeps the first value for a key, as DataLoader does: priming after a load does not replace it', async () => {
    const { l } = loader();
    expect(await l.load('a')).toBe('loaded a');
    l.prime('a', 'primed a');
    expect(await l.now('a')).toBe('loaded a');
    expect(await l.load('a')).toBe('loaded a');
  });

  it('drops primed values on clear and clearAll', async () => {
    const { l } = loader();
    l.prime('a', 'primed a');
    l.prime('b', 'primed b');
    l.clear('a');
    expect(await l.now('a')).toBe('loaded a');
    l.clearAll();
    expect(await l.now('b')).toBe('loaded b');
  });

  it('never hands over a primed error as a value', async () => {
    const { l } = loader();
    l.prime('e', new Error('gone'));
    await expect(l.now('e')).rejects.toThrow('gone');
  });

  it('thenNow makes no promise for a value that is here', async () => {
    expect(thenNow(2, (n) => n * 2)).toBe(4);
    await expect(thenNow(Promise.resolve(2), (n) => n * 2)).resolves.toBe(4);
  });
});
