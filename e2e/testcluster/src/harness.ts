/**
 * A real kube-apiserver + etcd (and optionally kube-controller-manager) on free loopback ports,
 * envtest-style: temp data dir, RBAC, a static admin token, a service-account signing key, a
 * CA-verified admin kubeconfig. `stop()` ends the processes and removes every file — also on
 * process exit, so a failing test leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinaries, type Binaries } from './binaries.ts';
import { makeCertificates, type ClusterCertificates } from './certificates.ts';
import { freePort } from './ports.ts';

export interface StartOptions {
  /** Run kube-controller-manager too (Deployments get ReplicaSets and Pods). Default: when built. */
  controllerManager?: boolean;
  readyTimeoutMs?: number;
}

const live = new Set<TestCluster>();
process.once('exit', () => {
  for (const c of live) c.killNow();
});

export class TestCluster {
  readonly adminToken = randomBytes(24).toString('hex');
  readonly server: string;
  readonly kubeconfigPath: string;
  /** Milliseconds from spawning etcd to kube-apiserver answering /readyz. */
  startupMs = 0;
  private etcd?: ChildProcess;
  private apiserver?: ChildProcess;
  private controllerManager?: ChildProcess;
  private readonly certs: ClusterCertificates;

  private constructor(
    readonly dir: string,
    private readonly bins: Binaries,
    private readonly ports: { api: number; etcd: number; peer: number; kcm: number },
    private readonly withControllerManager: boolean,
  ) {
    this.server = `https://127.0.0.1:${ports.api}`;
    this.certs = makeCertificates(dir);
    writeFileSync(join(dir, 'tokens.csv'), `${this.adminToken},admin,admin-uid,"system:masters"\n`);
    this.kubeconfigPath = this.kubeconfigForToken(this.adminToken, 'admin');
  }

  static async start(options: StartOptions = {}): Promise<TestCluster> {
    const bins = findBinaries();
    if (typeof bins === 'string') throw new Error(bins);
    const dir = mkdtempSync(join(tmpdir(), 'accessgraph-testcluster-'));
    const ports = { api: await freePort(), etcd: await freePort(), peer: await freePort(), kcm: await freePort() };
    const cluster = new TestCluster(dir, bins, ports, options.controllerManager ?? !!bins.controllerManager);
    live.add(cluster);
    const t0 = performance.now();
    try {
      cluster.startEtcd();
      await cluster.startApiServer(options.readyTimeoutMs);
      cluster.startupMs = Math.round(performance.now() - t0);
      if (cluster.withControllerManager) cluster.startControllerManager();
    } catch (e) {
      await cluster.stop();
      throw e;
    }
    return cluster;
  }

  private log(name: string): number {
    return openSync(join(this.dir, `${name}.log`), 'a');
  }

  private startEtcd(): void {
    const { etcd, peer } = this.ports;
    mkdirSync(join(this.dir, 'etcd'), { recursive: true });
    this.etcd = spawn(
      this.bins.etcd,
      [
        `--data-dir=${join(this.dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcd}`,
        `--advertise-client-urls=http://127.0.0.1:${etcd}`,
        `--listen-peer-urls=http://127.0.0.1:${peer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
        `--initial-cluster=default=http://127.0.0.1:${peer}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      { stdio: ['ignore', this.log('etcd'), this.log('etcd')] },
    );
  }

  /** Starts (or restarts) kube-apiserver on the same port and etcd, and waits for /readyz. */
  async startApiServer(readyTimeoutMs = 60_000): Promise<void> {
    const c = this.certs;
    this.apiserver = spawn(
      this.bins.apiserver,
      [
        `--etcd-servers=http://127.0.0.1:${this.ports.etcd}`,
        `--secure-port=${this.ports.api}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--tls-cert-file=${c.servingCert}`,
        `--tls-private-key-file=${c.servingKey}`,
        `--client-ca-file=${c.caCert}`,
        `--token-auth-file=${join(this.dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        `--service-account-key-file=${c.serviceAccountPub}`,
        `--service-account-signing-key-file=${c.serviceAccountKey}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        '--service-cluster-ip-range=10.96.0.0/16',
        '--disable-admission-plugins=ServiceAccount',
        '--allow-privileged=true',
        `--cert-dir=${join(this.dir, 'apiserver-certs')}`,
        '--v=0',
      ],
      { stdio: ['ignore', this.log('kube-apiserver'), this.log('kube-apiserver')] },
    );
    const deadline = Date.now() + readyTimeoutMs;
    const proc = this.apiserver;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`kube-apiserver exited (${proc.exitCode}); see ${join(this.dir, 'kube-apiserver.log')}:\n${this.tail('kube-apiserver')}`);
      if ((await this.raw('GET', '/readyz').catch(() => ({ status: 0 }))).status === 200) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`kube-apiserver not ready after ${readyTimeoutMs} ms:\n${this.tail('kube-apiserver')}`);
  }

  async stopApiServer(): Promise<void> {
    await stopProcess(this.apiserver);
    this.apiserver = undefined;
  }

  private startControllerManager(): void {
    if (!this.bins.controllerManager) return;
    this.controllerManager = spawn(
      this.bins.controllerManager,
      [
        `--kubeconfig=${this.kubeconfigPath}`,
        '--leader-elect=false',
        '--controllers=deployment,replicaset,job,cronjob,statefulset,daemonset,serviceaccount-token,serviceaccount',
        `--service-account-private-key-file=${this.certs.serviceAccountKey}`,
        `--root-ca-file=${this.certs.caCert}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${this.ports.kcm}`,
        '--v=0',
      ],
      { stdio: ['ignore', this.log('kube-controller-manager'), this.log('kube-controller-manager')] },
    );
  }

  private tail(name: string): string {
    try {
      return readFileSync(join(this.dir, `${name}.log`), 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '';
    }
  }

  /** A raw HTTPS call with the admin token, verified against the cluster CA. */
  async raw(method: string, path: string, body?: unknown, token = this.adminToken): Promise<{ status: number; json: unknown }> {
    const ca = readFileSync(this.certs.caCert);
    return new Promise((resolve, reject) => {
      const req = request(`${this.server}${path}`, { method, ca, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, timeout: 5000 }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          let json: unknown = text;
          try {
            json = JSON.parse(text);
          } catch {
            /* plain text (readyz) */
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      });
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error('timeout')));
      if (body !== undefined) req.write(JSON.stringify(body));
      req.end();
    });
  }

  /** A token for a ServiceAccount from the TokenRequest API (the account must exist). */
  async tokenFor(namespace: string, serviceAccount: string, expirationSeconds = 3600): Promise<string> {
    const r = await this.raw('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${serviceAccount}/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds },
    });
    const token = (r.json as { status?: { token?: string } }).status?.token;
    if (r.status !== 201 || !token) throw new Error(`TokenRequest for ${namespace}/${serviceAccount} failed: ${r.status} ${JSON.stringify(r.json)}`);
    return token;
  }

  /** Writes a kubeconfig for `token` (CA-verified) and returns its path. */
  kubeconfigForToken(token: string, name: string): string {
    const ca = readFileSync(this.certs.caCert).toString('base64');
    const path = join(this.dir, `${name}.kubeconfig`);
    writeFileSync(
      path,
      `apiVersion: v1
kind: Config
clusters:
- name: testcluster
  cluster:
    server: ${this.server}
    certificate-authority-data: ${ca}
users:
- name: ${name}
  user:
    token: ${token}
contexts:
- name: ${name}@testcluster
  context:
    cluster: testcluster
    user: ${name}
current-context: ${name}@testcluster
`,
    );
    return path;
  }

  async stop(): Promise<void> {
    await Promise.all([stopProcess(this.controllerManager), stopProcess(this.apiserver)]);
    await stopProcess(this.etcd);
    rmSync(this.dir, { recursive: true, force: true });
    live.delete(this);
  }

  /** Synchronous last resort on process exit. */
  killNow(): void {
    for (const p of [this.controllerManager, this.apiserver, this.etcd]) if (p && p.exitCode === null) p.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function stopProcess(p: ChildProcess | undefined): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
