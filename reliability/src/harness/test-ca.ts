// Certificates made at test time with `openssl` (execFile, never a shell): a test CA, a server certificate it
// signs for DNS name `localhost` only, and a second, unrelated CA. Nothing is checked in and nothing outlives
// the temp folder.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ReliabilityError } from './reliability-error.js';

export interface TestCertificates {
  readonly dir: string;
  /** The CA that signed the server certificate. */
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  /** A CA that signed nothing the server presents. */
  readonly otherCaCert: string;
  /** The only name in the server certificate (subjectAltName DNS). */
  readonly serverName: 'localhost';
}

function openssl(args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', [...args], { cwd, timeout: 30_000 }, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else
        reject(
          new ReliabilityError(
            'OPENSSL',
            `openssl ${args.slice(0, 2).join(' ')} failed: ${stderr.trim() || error.message}`,
            { cause: error },
          ),
        );
    });
  });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'] as const;

async function makeCa(dir: string, name: string, cn: string): Promise<void> {
  await openssl(
    [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
}

/** Generates the CA pair and the server certificate into `dir`. */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  await mkdir(dir, { recursive: true });
  await makeCa(dir, 'ca', 'waldur-sim reliability test CA');
  await makeCa(dir, 'other-ca', 'waldur-sim unrelated CA');
  await openssl(['req', ...EC, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  await writeFile(
    join(dir, 'server.ext'),
    'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ],
    dir,
  );
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    otherCaCert: join(dir, 'other-ca.crt'),
    serverName: 'localhost',
  };
}
