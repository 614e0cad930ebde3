// What a deciding link answers (domain/link-acceptance.ts): who may act, the step's own rule, and the stage and
// next step a click leads to, the same functions the process checks a claimed click with.
import assert from 'node:assert/strict';
import { answerOf, personRefusal, ruleRefusal, type LinkAcceptance } from '../../domain/link-acceptance';

const activation: LinkAcceptance = {
  recipientName: 'Søren Ærø',
  rule: { name: 'activation-decision', separate: true },
  stageAfter: { '*': 'awaiting-users' },
  stageWhenLast: 'completed',
  nextAfter: { activate: { step: 'activate-means', expireAfterMs: 1_209_600_000 } },
};

describe('link acceptance', () => {
  it('lets only the recipient act, however their login spells the name, and only the bound login where there is one', () => {
    assert.equal(personRefusal(activation, { subject: 's1', name: 'SOEREN AEROE' }), undefined);
    assert.equal(personRefusal(activation, { subject: 's1', name: 'Sara Ærø' })?.rule, 'sent-to-another-person');
    const bound = { ...activation, expectedSubject: 's1' };
    assert.equal(personRefusal(bound, { subject: 's1', name: 'Søren Ærø' }), undefined);
    assert.equal(personRefusal(bound, { subject: 's2', name: 'Søren Ærø' })?.rule, 'started-by-another-person');
  });

  it('refuses the decisions the login method does not take', () => {
    assert.equal(ruleRefusal(activation.rule, { decision: 'activate' }), undefined);
    assert.equal(ruleRefusal(activation.rule, { decision: 'approve' })?.rule, 'separate-means-is-activated');
    const privately = { name: 'activation-decision', separate: false } as const;
    assert.equal(ruleRefusal(privately, { decision: 'reject' }), undefined);
    assert.equal(ruleRefusal(privately, { decision: 'activate' })?.rule, 'private-mitid-is-approved-or-rejected');
    assert.equal(ruleRefusal(undefined, { decision: 'anything' }), undefined);
  });

  it('answers the stage the click leads to: the last one the process waited for completes it, unless a next step follows', () => {
    const privately = { ...activation, nextAfter: undefined };
    assert.deepEqual(answerOf(privately, { decision: 'approve' }, true), { stage: 'awaiting-users' });
    assert.deepEqual(answerOf(privately, { decision: 'approve' }, false), { stage: 'completed' });
    assert.deepEqual(answerOf(activation, { decision: 'activate' }, false), {
      stage: 'awaiting-users',
      next: { step: 'activate-means', expireAfterMs: 1_209_600_000 },
    });
    assert.equal(answerOf({ ...activation, stageAfter: { approve: 'x' } }, { decision: 'reject' }, true), undefined);
  });
});
