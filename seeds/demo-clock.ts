import type { SeededRandom } from './random';

/**
 * Demo time is measured back from a fixed date, never from the clock, so a
 * run today and a run next year produce the same rows. Enrollments and
 * reviews fall in the RECENT_DAYS before it.
 */
export const DEMO_REFERENCE_DATE = new Date('2026-11-01T00:00:00Z');
export const RECENT_DAYS = 180;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function daysBeforeReference(days: number): Date {
  return new Date(DEMO_REFERENCE_DATE.getTime() - Math.round(days * DAY_MS));
}

/** Uniform in [from, to], in whole seconds where the range allows (timestamps read better without milliseconds). */
export function timeBetween(rng: SeededRandom, from: Date, to: Date): Date {
  const ms = from.getTime() + rng.next() * (to.getTime() - from.getTime());
  return new Date(Math.min(to.getTime(), Math.max(from.getTime(), Math.round(ms / 1000) * 1000)));
}

export function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

export function addMs(date: Date, ms: number): Date {
  return new Date(date.getTime() + Math.round(ms));
}

/**
 * The demo world is generated against the fixed reference date; a database
 * gets it moved so that the reference date is the moment of seeding (whole
 * seconds), so "the last 30 days" of a fresh demo are full of activity.
 * Every Date field of every row moves by the same amount; nothing else changes.
 */
export function shiftDemoDates<T extends object>(data: T, to: Date): T {
  const offset = Math.floor((to.getTime() - DEMO_REFERENCE_DATE.getTime()) / 1000) * 1000;
  const shift = (row: object) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? new Date(v.getTime() + offset) : v]));
  return Object.fromEntries(Object.entries(data).map(([table, rows]) => [table, Array.isArray(rows) ? rows.map(shift) : rows])) as T;
}
