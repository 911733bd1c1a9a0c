// Dates that tests and their programs give offers: always in the calendar year after the current
// one (UTC), so that an end or accept-by date is never already past when the suite runs, this year
// or any later one. Check refuses such dates by the UTC date it runs on.

/** The calendar year after the current one (UTC). */
export const NEXT_YEAR = new Date().getUTCFullYear() + 1;

/** `YYYY-MM-DD` on `monthDay` (`"06-30"`) of next year, or of `yearsLater` years after it. */
export function future(monthDay: string, yearsLater = 0): string {
  if (!/^\d{2}-\d{2}$/.test(monthDay)) throw new Error(`future() takes MM-DD, not ${monthDay}`);
  return `${NEXT_YEAR + yearsLater}-${monthDay}`;
}
