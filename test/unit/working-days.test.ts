import { strict as assert } from 'node:assert';
import { danishWorkingDaysBetween, easterSunday, isDanishWorkingDay } from '../../domain/working-days';

/** Noon in Copenhagen on that date (summer or winter time alike, noon is the same date in UTC). */
const on = (date: string) => new Date(`${date}T11:00:00Z`);

describe('Danish working days', () => {
  it('finds Easter Sunday', () => {
    assert.deepEqual(easterSunday(2024), { year: 2024, month: 3, day: 31 });
    assert.deepEqual(easterSunday(2025), { year: 2025, month: 4, day: 20 });
    assert.deepEqual(easterSunday(2026), { year: 2026, month: 4, day: 5 });
    assert.deepEqual(easterSunday(2027), { year: 2027, month: 3, day: 28 });
  });

  it('counts nothing on the day itself, one on the next working day, and skips the weekend', () => {
    assert.equal(danishWorkingDaysBetween(on('2026-11-23'), on('2026-11-23')), 0);
    assert.equal(danishWorkingDaysBetween(on('2026-11-23'), on('2026-11-24')), 1);
    assert.equal(danishWorkingDaysBetween(on('2026-11-27'), on('2026-11-28')), 0, 'Friday to Saturday');
    assert.equal(danishWorkingDaysBetween(on('2026-11-27'), on('2026-11-30')), 1, 'Friday to Monday');
    assert.equal(danishWorkingDaysBetween(on('2026-11-16'), on('2026-11-30')), 10, 'two weeks');
    assert.equal(danishWorkingDaysBetween(on('2026-11-30'), on('2026-11-16')), 0, 'backwards');
  });

  it('skips the public holidays: Easter, Ascension, Whitsun, Christmas, New Year', () => {
    // Wednesday before Easter 2026 to the Wednesday after: Maundy Thursday, Good Friday and Easter Monday are off.
    assert.equal(danishWorkingDaysBetween(on('2026-04-01'), on('2026-04-08')), 2);
    assert.equal(isDanishWorkingDay(on('2026-04-02')), false, 'Maundy Thursday');
    assert.equal(isDanishWorkingDay(on('2026-04-03')), false, 'Good Friday');
    assert.equal(isDanishWorkingDay(on('2026-04-06')), false, 'Easter Monday');
    assert.equal(isDanishWorkingDay(on('2026-05-14')), false, 'Ascension Day');
    assert.equal(isDanishWorkingDay(on('2026-05-25')), false, 'Whit Monday');
    assert.equal(isDanishWorkingDay(on('2026-12-25')), false, 'Christmas Day');
    assert.equal(isDanishWorkingDay(on('2026-12-24')), true, 'Christmas Eve is not a public holiday');
    assert.equal(isDanishWorkingDay(on('2026-06-05')), true, 'Constitution Day is not a public holiday');
    // 23 December 2026 (Wednesday) to 4 January 2027: the 24th, 28th-31st and 4th count; 25th, 26th and 1st do not.
    assert.equal(danishWorkingDaysBetween(on('2026-12-23'), on('2027-01-04')), 6);
  });

  it('knows General Prayer Day only until 2023', () => {
    assert.equal(isDanishWorkingDay(on('2023-05-05')), false);
    assert.equal(isDanishWorkingDay(on('2024-04-26')), true);
  });

  it('counts by the date in Copenhagen, not in UTC', () => {
    // 23:30 UTC on a Thursday is already Friday in Copenhagen: Monday morning is one working day later, not two.
    assert.equal(danishWorkingDaysBetween(new Date('2026-11-26T23:30:00Z'), new Date('2026-11-30T07:00:00Z')), 1);
    assert.equal(isDanishWorkingDay(new Date('2026-11-27T23:30:00Z')), false);
  });
});
