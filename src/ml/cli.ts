import { initBackend } from './backend';
import { CliError, type CommandIo } from './cli/command-io';
import { EVAL_USAGE, evalCommand } from './cli/eval-command';
import { MODERATE_USAGE, moderateCommand } from './cli/moderate-command';
import { PRICE_AGENT_USAGE, priceAgentCommand } from './cli/price-agent-command';
import { RECOMMEND_USAGE, recommendCommand } from './cli/recommend-command';

/**
 * `npm run -s ml -- <command>`: the offline face of the model module.
 * stdout carries only each command's results (JSON lines); progress, tables
 * and errors go to stderr. Exit codes: 0 ok, 1 bad input or failure, 2 usage.
 */

const COMMANDS: Record<string, (argv: readonly string[], io: CommandIo) => Promise<void>> = {
  recommend: recommendCommand,
  moderate: moderateCommand,
  'price-agent': priceAgentCommand,
  eval: evalCommand,
};

const USAGE = ['usage: npm run -s ml -- <command>', ...[RECOMMEND_USAGE, MODERATE_USAGE, PRICE_AGENT_USAGE, ...EVAL_USAGE].map((u) => `  ${u}`)].join('\n');

export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`error: unknown command '${name}'\n${USAGE}\n`);
    return 2;
  }
  try {
    await initBackend();
    await command(rest, io);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`error: ${error.message}\n${error.exitCode === 2 ? USAGE + '\n' : ''}`);
      return error.exitCode;
    }
    io.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then((code) => {
    process.exitCode = code;
  });
}
