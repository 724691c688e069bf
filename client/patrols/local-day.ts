// Patrol days are the county's calendar days (China Standard Time, no daylight saving), whatever the browser's zone.
const OFFSET_MS = 8 * 3600e3;

/** The local day (YYYY-MM-DD) of an instant. */
export const localDay = (ms: number) => new Date(ms + OFFSET_MS).toISOString().slice(0, 10);

/** That many days before a local day. */
export const daysBefore = (day: string, n: number) => new Date(Date.parse(day) - n * 86400e3).toISOString().slice(0, 10);

/** The local clock time (HH:MM:SS) of an epoch second. */
export const localClock = (epochS: number) => new Date(epochS * 1000 + OFFSET_MS).toISOString().slice(11, 19);

export const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text));
