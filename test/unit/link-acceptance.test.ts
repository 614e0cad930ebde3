// What a deciding link answers (domain/link-acceptance.ts): who may act, the step's own rule, and the stage and
// next step a click leads to, the same functions the process checks a claimed click with.
import assert from 'node:assert/strict';
import { answerOf, personRefusal, ruleRefusal, uploaderBound, type LinkAcceptance } from '../../domain/link-acceptance';

const none = { count: 0 };

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
    assert.equal(ruleRefusal(activation, { decision: 'activate' }, none), undefined);
    assert.equal(ruleRefusal(activation, { decision: 'approve' }, none)?.rule, 'separate-means-is-activated');
    const privately = { name: 'activation-decision', separate: false } as const;
    assert.equal(ruleRefusal({ rule: privately }, { decision: 'reject' }, none), undefined);
    assert.equal(
      ruleRefusal({ rule: privately }, { decision: 'activate' }, none)?.rule,
      'private-mitid-is-approved-or-rejected',
    );
    assert.equal(ruleRefusal({}, { decision: 'anything' }, none), undefined);
  });

  it('a proposal: documents first where needed, only earlier ones withdrawn, one kept; the first uploader binds the step', () => {
    const proposal: Pick<LinkAcceptance, 'rule' | 'documents'> = {
      rule: { name: 'preparation', kept: ['doc-1'], needsDocuments: true },
      documents: { required: false, earlier: ['doc-1', 'doc-0'] },
    };
    assert.equal(ruleRefusal(proposal, { administrators: [] }, none), undefined);
    assert.equal(
      ruleRefusal({ ...proposal, documents: { required: true, earlier: [] } }, {}, none)?.rule,
      'documents-required',
    );
    assert.equal(ruleRefusal(proposal, { withdrawDocuments: ['doc-0'] }, none)?.rule, 'withdrawn-document-unknown');
    assert.equal(ruleRefusal(proposal, { withdrawDocuments: ['doc-1'] }, none)?.rule, 'last-document-kept');
    assert.equal(ruleRefusal(proposal, { withdrawDocuments: ['doc-1'] }, { count: 1 }), undefined);
    const bound = uploaderBound(activation, { count: 1, firstUploader: 's1' });
    assert.equal(personRefusal(bound, { subject: 's2', name: 'Søren Ærø' })?.rule, 'started-by-another-person');
    assert.equal(
      uploaderBound({ ...activation, expectedSubject: 's0' }, { count: 1, firstUploader: 's1' }).expectedSubject,
      's0',
    );
  });

  it('a setup: the first click chooses the policy, a later one is judged only under the policy it found', () => {
    const setup = { rule: { name: 'setup', organizationId: 'dk-cvr-1', run: 'setup-dk-cvr-1/r1' } } as const;
    const chooses = { allowPrivateMitId: false, separateMeans: ['app'], ownLoginMethod: 'app' };
    // Without the judgement it is left to the claim, which reads the policy in its transaction.
    assert.equal(ruleRefusal(setup, { ownLoginMethod: 'private' }, none), undefined);
    assert.equal(ruleRefusal(setup, chooses, none, {}), undefined);
    assert.equal(ruleRefusal(setup, { ownLoginMethod: 'app' }, none, {})?.rule, 'first-administrator-sets-policy');
    const found = { loginPolicy: { allowPrivateMitId: false, separateMeans: ['app' as const] }, after: 'link-1' };
    assert.equal(ruleRefusal(setup, { ownLoginMethod: 'app' }, none, found), undefined);
    // A later administrator's policy fields (a page shown before the first set up) choose nothing.
    assert.equal(
      ruleRefusal(setup, { ...chooses, allowPrivateMitId: true, ownLoginMethod: 'private' }, none, found)?.rule,
      'private-mitid-not-allowed',
    );
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
