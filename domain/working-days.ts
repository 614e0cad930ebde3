// Danish working days, as the case workers' promise ("within 10 working days") counts them: Monday to
// Friday, except the public holidays of the Danish helligdagslov, in Copenhagen's calendar. Days that many
// workplaces close without being public holidays (Grundlovsdag, 24 and 31 December) are working days here.

/** A calendar day: year, month (1-12), day. */
interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const copenhagenDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date it is in Copenhagen at `instant`. */
function dayInCopenhagen(instant: Date): CalendarDay {
  const [year, month, day] = copenhagenDay.format(instant).split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** Days since 1970-01-01 for a calendar day (UTC arithmetic on dates only, so no clock change shifts it). */
function dayNumber({ year, month, day }: CalendarDay): number {
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** Easter Sunday of the Gregorian calendar (the anonymous algorithm of Meeus, Jones and Butcher). */
export function easterSunday(year: number): CalendarDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

const holidayCache = new Map<number, Set<number>>();

/**
 * A year's public holidays as day numbers: New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and
 * Monday, General Prayer Day (until 2023; abolished from 2024), Ascension Day, Whit Sunday and Monday,
 * Christmas Day and Boxing Day.
 */
function danishPublicHolidays(year: number): Set<number> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = dayNumber(easterSunday(year));
  const fromEaster = [-3, -2, 0, 1, ...(year <= 2023 ? [26] : []), 39, 49, 50];
  const fixed = [
    dayNumber({ year, month: 1, day: 1 }),
    dayNumber({ year, month: 12, day: 25 }),
    dayNumber({ year, month: 12, day: 26 }),
  ];
  const holidays = new Set([...fixed, ...fromEaster.map((offset) => easter + offset)]);
  holidayCache.set(year, holidays);
  return holidays;
}

function isWorkingDayNumber(number: number): boolean {
  const date = new Date(number * 86_400_000);
  const weekday = date.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !danishPublicHolidays(date.getUTCFullYear()).has(number);
}

/** Whether `instant` falls on a Danish working day (in Copenhagen). */
export function isDanishWorkingDay(instant: Date): boolean {
  return isWorkingDayNumber(dayNumber(dayInCopenhagen(instant)));
}

/**
 * The Danish working days that have begun since `from`, up to and including the day of `until`: zero on
 * the day itself, one on the next working day (a Friday's upload has waited one working day on Monday).
 * Zero when `until` is not after `from`.
 */
export function danishWorkingDaysBetween(from: Date, until: Date): number {
  const first = dayNumber(dayInCopenhagen(from));
  const last = dayNumber(dayInCopenhagen(until));
  let count = 0;
  for (let day = first + 1; day <= last; day++) if (isWorkingDayNumber(day)) count += 1;
  return count;
}
