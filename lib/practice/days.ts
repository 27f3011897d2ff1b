/**
 * Calendar days as the learner lives them. A streak, "new today" and "due tomorrow" follow the
 * learner's local midnight, not UTC's, so every day computation takes the time zone offset in
 * minutes with `Date.prototype.getTimezoneOffset`'s sign (UTC − local: +60 in New York winter is
 * 300, Berlin winter is −60). Keeping it a parameter keeps these functions pure and testable.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The local calendar day of an instant, as "YYYY-MM-DD". */
export function localDayKey(instant: string | Date, timeZoneOffsetMinutes: number): string {
  const ms = (typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) - timeZoneOffsetMinutes * MINUTE_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole local days from `from` to `to` (0 on the same local day, 1 for the next day, negative before). */
export function localDayDifference(from: string | Date, to: string | Date, timeZoneOffsetMinutes: number): number {
  return Math.round((Date.parse(localDayKey(to, timeZoneOffsetMinutes)) - Date.parse(localDayKey(from, timeZoneOffsetMinutes))) / DAY_MS);
}

/** The day key `days` after `dayKey` (negative: before). */
export function addDays(dayKey: string, days: number): string {
  return new Date(Date.parse(dayKey) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant of the local midnight that ends the local day containing `instant`. */
export function endOfLocalDay(instant: string | Date, timeZoneOffsetMinutes: number): Date {
  return new Date(Date.parse(addDays(localDayKey(instant, timeZoneOffsetMinutes), 1)) + timeZoneOffsetMinutes * MINUTE_MS);
}
