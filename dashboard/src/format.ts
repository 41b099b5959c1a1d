/** How numbers read on screen. Durations arrive in seconds (schema.graphql). */

const HOUR = 3600;
const DAY = 86400;

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < HOUR) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * DAY) return `${(seconds / HOUR).toFixed(1)} h`;
  return `${(seconds / DAY).toFixed(1)} d`;
}

export function percent(ratio: number | null | undefined, digits = 0): string {
  if (ratio === null || ratio === undefined) return '–';
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function days(seconds: number): number {
  return Math.round((seconds / DAY) * 10) / 10;
}

export function perDay(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (value >= 1) return `${value.toFixed(1)} / day`;
  return `${(value * 7).toFixed(1)} / week`;
}

export function date(iso: string | null | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** Date and time of day in UTC, to the minute (alerts begin and end at any time of day). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return `${new Date(iso).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' })} UTC`;
}

export function shortDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function itemType(type: string): string {
  return type.charAt(0) + type.slice(1).toLowerCase();
}

/** A signed relative change, or null when there is nothing to compare with. */
export function change(now: number | null | undefined, before: number | null | undefined): number | null {
  if (now === null || now === undefined || before === null || before === undefined || before === 0) return null;
  return (now - before) / before;
}
