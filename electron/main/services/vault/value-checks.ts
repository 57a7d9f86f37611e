import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { EchelonError } from '../../../../shared/contract/errors';
import type { SecretValue } from '../../../../shared/secrets/secret-kinds';
import { MIN_REDACTED_LENGTH } from '../redaction/redactor';
import { secretTexts } from './value-fields';

const invalid = (field: string, message: string) => new EchelonError('invalid_input', message, { path: `value.${field}` });

function privateKey(field: string, pem: string, passphrase: string | undefined): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch {
    throw invalid(field, `${field} is not a PEM private key that opens${passphrase ? ' with the given passphrase' : ''}: paste the whole -----BEGIN … PRIVATE KEY----- block.`);
  }
}

function certificate(field: string, pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw invalid(field, `${field} is not a PEM certificate: paste the whole -----BEGIN CERTIFICATE----- block.`);
  }
}

/**
 * Refuses values that could not be used or could not be kept out of logs. Messages name the
 * field, never its content.
 */
export function checkValue(value: SecretValue): void {
  for (const [field, text] of secretTexts(value)) {
    if (text.length < MIN_REDACTED_LENGTH) {
      throw invalid(field, `The ${field} is too short: secret values need at least ${MIN_REDACTED_LENGTH} characters so they can be redacted from logs.`);
    }
  }
  switch (value.kind) {
    case 'oauth2':
      if (value.expiresAt !== undefined && Number.isNaN(Date.parse(value.expiresAt))) throw invalid('expiresAt', 'expiresAt must be an ISO date and time, e.g. 2030-01-31T12:00:00Z.');
      return;
    case 'certificate': {
      const cert = certificate('certificate', value.certificate);
      const key = privateKey('privateKey', value.privateKey, value.passphrase);
      if (!cert.checkPrivateKey(key)) throw invalid('privateKey', 'privateKey does not belong to the certificate.');
      if (value.ca) certificate('ca', value.ca);
      return;
    }
    case 'ssh_key':
      if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value.privateKey)) throw invalid('privateKey', 'privateKey is not an SSH private key: paste the whole -----BEGIN … PRIVATE KEY----- block.');
      return;
    case 'jwt_key': {
      if (value.algorithm.startsWith('HS')) return;
      const key = privateKey('privateKey', value.privateKey, undefined);
      const expected = value.algorithm.startsWith('ES') ? ['ec'] : ['rsa', 'rsa-pss'];
      if (!expected.includes(key.asymmetricKeyType ?? '')) throw invalid('privateKey', `privateKey is a ${key.asymmetricKeyType} key, which cannot sign ${value.algorithm}.`);
      return;
    }
    default:
      return;
  }
}
