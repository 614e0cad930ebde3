import assert from 'node:assert/strict';
import { firstName, samePerson } from '../../domain/person-name';

describe('whether a verified name is the person a step was sent to', () => {
  const matches: Array<[string, string]> = [
    ['Søren Aabye Kierkegaard', 'Soren Kierkegaard'],
    ['Søren Aabye Kierkegaard', 'Søren Kierkegaard'],
    ['Soeren Kierkegaard', 'Søren Aabye Kierkegaard'],
    ['Jürgen Groß', 'Juergen Gross'],
    ['Jürgen Groß', 'JURGEN GROSS'],
    ['Anne-Marie Østergaard Nielsen', 'Anne-Marie Nielsen'],
    ['Anne-Marie Østergaard Nielsen', 'Anne Marie Ostergaard Nielsen'],
    ['Anne Marie Nielsen', 'Anne-Marie Østergaard Nielsen'],
    ['Mette Sørensen', 'mette  sorensen'],
    ['Ærøskøbing Ågesen', 'Aeroeskoebing Aagesen'],
    [
      'Karl-Theodor Maria Nikolaus Johann Jacob Philipp Franz Joseph Sylvester von und zu Guttenberg',
      'Karl-Theodor zu Guttenberg',
    ],
    ['Zoë Müller-Lüdenscheidt', 'Zoe Mueller-Luedenscheidt'],
    ['René Ørsted', 'Rene Oersted'],
    ['Seán O’Brien', 'Sean OBrien'],
    ['Carl Clausen', 'Clausen, Carl'],
    ['Holm, Karen Marie', 'Karen Holm'],
  ];
  for (const [verified, intended] of matches) {
    it(`"${verified}" is "${intended}"`, () => assert.equal(samePerson(verified, intended), true));
  }

  const mismatches: Array<[string, string]> = [
    ['Søren Aabye Kierkegaard', 'Søren Hansen'],
    ['Søren Aabye Kierkegaard', 'Aabye Kierkegaard'],
    ['Jürgen Groß', 'Jürgen Klein'],
    ['Karen Holm', 'Jens Madsen'],
    ['Mallory Example', 'Karen Holm'],
    ['Anne-Marie Østergaard Nielsen', 'Marie Nielsen'],
    ['Anne-Marie Østergaard Nielsen', 'Anne-Marie Østergaard'],
    ['Peter', 'Peter Hansen'],
    ['', 'Karen Holm'],
    ['Karen Holm', '  '],
  ];
  for (const [verified, intended] of mismatches) {
    it(`"${verified}" is not "${intended}"`, () => assert.equal(samePerson(verified, intended), false));
  }

  it('shows the first given name as written, hyphenated ones whole', () => {
    assert.equal(firstName('Anne-Marie Østergaard Nielsen'), 'Anne-Marie');
    assert.equal(firstName('  Søren Aabye Kierkegaard'), 'Søren');
    assert.equal(firstName(''), '');
  });
});
