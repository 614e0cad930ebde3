// Every e-mail template, by name. A process adds its own in templates/<area>.ts and lists them here.
import type { EmailTemplate } from '../template';
import { connectionTemplates } from './connection';
import { humanStepTemplates } from './human-step';
import { mukTemplates } from './muk';
import { termsTemplates } from './terms';

const allTemplates: EmailTemplate[] = [
  ...humanStepTemplates,
  ...connectionTemplates,
  ...mukTemplates,
  ...termsTemplates,
];

function byName(templates: EmailTemplate[]): ReadonlyMap<string, EmailTemplate> {
  const registry = new Map<string, EmailTemplate>();
  for (const template of templates) {
    if (registry.has(template.name)) throw new Error(`Two e-mail templates are named ${template.name}`);
    registry.set(template.name, template);
  }
  return registry;
}

export const templates = byName(allTemplates);
