import { AsyncLocalStorage } from 'node:async_hooks';
import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import { getProcessLogger } from '../kernel/logger';

/**
 * Counts the SQL statements a unit of work (one GraphQL request) sends, so
 * tests can assert N+1-free resolution and the bench can print the figure.
 */
export interface StatementCount {
  statements: number;
}

const scope = new AsyncLocalStorage<StatementCount>();

export function countStatements<T>(counter: StatementCount, run: () => T): T {
  return scope.run(counter, run);
}

export class StatementCountingLogger extends AbstractLogger {
  constructor(private readonly logQueries = false) {
    super(['query', 'error', 'warn', 'migration']);
  }

  logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    const counter = scope.getStore();
    if (counter && !/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)/i.test(query)) counter.statements += 1;
    if (this.logQueries) super.logQuery(query, parameters, queryRunner);
  }

  /** Failed statements surface as errors to their callers (and are logged there when unexpected). */
  logQueryError(error: string, query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    if (this.logQueries) super.logQueryError(error, query, parameters, queryRunner);
  }

  protected writeLog(level: LogLevel, logMessage: LogMessage | LogMessage[]): void {
    const messages = Array.isArray(logMessage) ? logMessage : [logMessage];
    for (const message of messages) {
      if (level === 'query' && !this.logQueries) continue;
      const logger = getProcessLogger();
      const text = `db: ${String(message.message)}`;
      if (level === 'error') logger.error(text);
      else if (level === 'warn') logger.warn(text);
      else if (level === 'migration') logger.info(text);
      else if (this.logQueries) logger.debug(text);
    }
  }
}
