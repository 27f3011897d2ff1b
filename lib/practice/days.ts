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

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A day on a chart's axis: "Today", else day and month ("7 Nov"), because a weekday and a day of
 * the month alone ("7 Sat, 14 Sat") do not say which month a 28-day history covers. English names,
 * the site's language, the same in every browser.
 */
export function dayAxisLabel(dayKey: string, todayKey: string): string {
  if (dayKey === todayKey) return 'Today';
  const date = new Date(`${dayKey}T12:00:00Z`);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

/** The same day in full, for the chart's table and tooltips: "Sat 7 Nov", "Today, Sat 7 Nov". */
export function dayFullLabel(dayKey: string, todayKey: string): string {
  const date = new Date(`${dayKey}T12:00:00Z`);
  const full = `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
  return dayKey === todayKey ? `Today, ${full}` : full;
}

/**
 * Which of `count` daily bars get an axis label, one every `every` days counted back from the
 * last, so the last bar (today, on a history) is always labelled; `fromStart` counts from the
 * first instead (a forecast, which starts today).
 */
export function labelledDay(index: number, count: number, every: number, fromStart = false): boolean {
  return fromStart ? index % every === 0 : (count - 1 - index) % every === 0;
}
