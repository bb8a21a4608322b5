import { readFile } from 'node:fs/promises';

/** The streams a command talks through; tests pass in-memory ones. */
export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A mistake the user can fix (bad arguments, unreadable or malformed input): no stack trace, exit 2 for usage. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export async function readInputFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CliError(`cannot read ${what} '${path}': ${reason}`);
  }
}

export function writeJsonLine(io: CommandIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value) + '\n');
}
