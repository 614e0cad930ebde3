// The Service Provider's SAML 2.0 metadata (OASIS saml-schema-metadata-2.0), built from public data only.
// Element order follows the schema's sequences; test/unit/muk-metadata.test.ts validates it with the XSD.
import {
  bareBase64,
  type KeyUse,
  type ServiceProviderCertificates,
  type ServiceProviderPlan,
} from './service-provider';

const bindings = {
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
};

function escapeXml(value: string): string {
  return value.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

function keyDescriptor(use: KeyUse, certificates: ServiceProviderCertificates): string {
  return [
    `    <md:KeyDescriptor use="${use}">`,
    '      <ds:KeyInfo>',
    '        <ds:X509Data>',
    `          <ds:X509Certificate>${bareBase64(certificates[use].certificatePem)}</ds:X509Certificate>`,
    '        </ds:X509Data>',
    '      </ds:KeyInfo>',
    '    </md:KeyDescriptor>',
  ].join('\n');
}

export function serviceProviderMetadataXml(
  plan: ServiceProviderPlan,
  certificates: ServiceProviderCertificates,
): string {
  const e = escapeXml;
  const { contact, organisation } = plan;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${e(plan.entityId)}">`,
    '  <md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    keyDescriptor('signing', certificates),
    keyDescriptor('encryption', certificates),
    `    <md:SingleLogoutService Binding="${bindings.redirect}" Location="${e(plan.singleLogoutServiceUrl)}"/>`,
    '    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>',
    `    <md:AssertionConsumerService Binding="${bindings.post}" Location="${e(plan.assertionConsumerServiceUrl)}" index="0" isDefault="true"/>`,
    '  </md:SPSSODescriptor>',
    '  <md:Organization>',
    `    <md:OrganizationName xml:lang="de">${e(organisation.name)}</md:OrganizationName>`,
    `    <md:OrganizationDisplayName xml:lang="de">${e(organisation.displayName)}</md:OrganizationDisplayName>`,
    `    <md:OrganizationURL xml:lang="de">${e(organisation.url)}</md:OrganizationURL>`,
    '  </md:Organization>',
    '  <md:ContactPerson contactType="support">',
    `    <md:Company>${e(contact.company)}</md:Company>`,
    `    <md:GivenName>${e(contact.name)}</md:GivenName>`,
    `    <md:EmailAddress>mailto:${e(contact.email)}</md:EmailAddress>`,
    ...(contact.phone ? [`    <md:TelephoneNumber>${e(contact.phone)}</md:TelephoneNumber>`] : []),
    '  </md:ContactPerson>',
    '</md:EntityDescriptor>',
    '',
  ].join('\n');
}
