// A municipality as an operator would start its MUK connection, shared by the MUK tests.
export const seedRequest = {
  municipality: {
    name: 'Bad Tölz',
    federalState: 'Bayern',
    support: { name: 'Bürgerservice Bad Tölz', email: 'support@bad-toelz.de', phone: '+49 8041 505-0' },
  },
  responsible: { name: 'Maria Muster', email: 'maria.muster@optigov.de' },
  portalLoginUrl: 'https://bad-toelz.optigov.de/login',
};
