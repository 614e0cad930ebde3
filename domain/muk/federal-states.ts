// The sixteen German federal states as the MUK service portal lists them, with their ISO 3166-2 codes
// (the codes keep municipality keys short and unambiguous).
export const federalStates = {
  BW: 'Baden-Württemberg',
  BY: 'Bayern',
  BE: 'Berlin',
  BB: 'Brandenburg',
  HB: 'Bremen',
  HH: 'Hamburg',
  HE: 'Hessen',
  MV: 'Mecklenburg-Vorpommern',
  NI: 'Niedersachsen',
  NW: 'Nordrhein-Westfalen',
  RP: 'Rheinland-Pfalz',
  SL: 'Saarland',
  SN: 'Sachsen',
  ST: 'Sachsen-Anhalt',
  SH: 'Schleswig-Holstein',
  TH: 'Thüringen',
} as const;

export type FederalStateCode = keyof typeof federalStates;
export type FederalStateName = (typeof federalStates)[FederalStateCode];

export const federalStateNames = Object.values(federalStates) as [FederalStateName, ...FederalStateName[]];

export function federalStateCode(name: FederalStateName): FederalStateCode {
  return (Object.keys(federalStates) as FederalStateCode[]).find((code) => federalStates[code] === name)!;
}

/** Accepts the state's name or its code, in any case, and answers the name (or undefined). */
export function normalizeFederalState(value: string): FederalStateName | undefined {
  const wanted = value.trim().toLowerCase();
  for (const [code, name] of Object.entries(federalStates) as Array<[FederalStateCode, FederalStateName]>) {
    if (code.toLowerCase() === wanted || name.toLowerCase() === wanted) return name;
  }
  return undefined;
}
