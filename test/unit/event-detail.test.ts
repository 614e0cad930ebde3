import { strict as assert } from 'node:assert';
import { eventDetail } from '../../api/console/event-detail';

const at = '2026-11-30T10:00:00.000Z';

describe('a timeline event in words (the case page and the MUK screen)', () => {
  it('names corrected municipality data, stages and check results in the language, never by their keys', () => {
    assert.equal(
      eventDetail({ at, type: 'municipality-data-corrected', detail: 'name, support' }, 'de'),
      'Name, Support-Kontakt',
    );
    assert.equal(
      eventDetail({ at, type: 'stage-changed', detail: 'awaiting-vorhaben-submission' }, 'de'),
      'Wartet auf das Absenden des Vorhabens',
    );
    assert.doesNotMatch(eventDetail({ at, type: 'integration-checked', detail: 'passed' }, 'de'), /passed/);
  });

  it('keeps a reason a person wrote as written', () => {
    assert.equal(
      eventDetail({ at, type: 'sent-back', detail: 'Bitte die Vollmacht beilegen.' }, 'de'),
      'Bitte die Vollmacht beilegen.',
    );
  });
});
