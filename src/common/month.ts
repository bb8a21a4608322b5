import { invalidInput } from './errors';

/** A calendar month in UTC, the period of a statement or an invoice: [start, end). */
export interface Month {
  /** "2026-11" */
  label: string;
  start: Date;
  end: Date;
}

export function monthOf(year: number, monthIndex: number): Month {
  const start = new Date(Date.UTC(year, monthIndex, 1));
  const end = new Date(Date.UTC(year, monthIndex + 1, 1));
  return { label: start.toISOString().slice(0, 7), start, end };
}

/** The month `date` falls in (UTC). */
export function monthContaining(date: Date): Month {
  return monthOf(date.getUTCFullYear(), date.getUTCMonth());
}

/** The last month that has ended before `now`: the newest one statements and invoices can be issued for. */
export function lastClosedMonth(now = new Date()): Month {
  return monthOf(now.getUTCFullYear(), now.getUTCMonth() - 1);
}

/** "YYYY-MM" of a month that has ended, or INVALID_INPUT on `field`. */
export function parseClosedMonth(label: string, field: string[], now = new Date()): Month {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label.trim());
  if (!match) throw invalidInput(`A month is written YYYY-MM, e.g. "${lastClosedMonth(now).label}".`, field);
  const month = monthOf(Number(match[1]), Number(match[2]) - 1);
  if (month.end > now) throw invalidInput(`${month.label} has not ended yet; the newest month that can be issued is ${lastClosedMonth(now).label}.`, field);
  return month;
}

/** A `date` column (period start) as read from PostgreSQL, "YYYY-MM-DD" or a Date, as its month. */
export function monthFromPeriodStart(value: string | Date): Month {
  const text = typeof value === 'string' ? value : value.toISOString();
  return monthOf(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1);
}
