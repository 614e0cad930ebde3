// Validates SAML metadata against the OASIS SAML 2.0 metadata schema (test/fixtures/saml/, copied
// unchanged from the OASIS and W3C originals) with libxml2 compiled to WebAssembly.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML, type XMLValidationResult } from 'xmllint-wasm';

const folder = join(__dirname, '..', 'fixtures', 'saml');
const mainSchema = 'saml-schema-metadata-2.0.xsd';

export function validateSamlMetadata(xml: string): Promise<XMLValidationResult> {
  const files = readdirSync(folder).filter((name) => name.endsWith('.xsd'));
  const read = (fileName: string) => ({ fileName, contents: readFileSync(join(folder, fileName), 'utf8') });
  return validateXML({
    xml: { fileName: 'metadata.xml', contents: xml },
    schema: read(mainSchema),
    preload: files.filter((name) => name !== mainSchema).map(read),
  });
}
