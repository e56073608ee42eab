/**
 * The cluster's key material, made fresh per cluster: a CA and a serving certificate for
 * 127.0.0.1/localhost (openssl), and the service-account signing key pair (node:crypto).
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ClusterCertificates {
  caCert: string;
  servingCert: string;
  servingKey: string;
  serviceAccountKey: string;
  serviceAccountPub: string;
}

export function makeCertificates(dir: string): ClusterCertificates {
  const f = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=accessgraph-test-ca');
  writeFileSync(f('serving.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('serving.key'), '-out', f('serving.csr'), '-subj', '/CN=kube-apiserver');
  openssl('x509', '-req', '-in', f('serving.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('serving.crt'), '-days', '2', '-extfile', f('serving.ext'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(f('sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
  writeFileSync(f('sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  return { caCert: f('ca.crt'), servingCert: f('serving.crt'), servingKey: f('serving.key'), serviceAccountKey: f('sa.key'), serviceAccountPub: f('sa.pub') };
}
