/**
 * Plain JSON over HTTPS with a client-node KubeConfig's credentials and CA. Applying goes
 * through here rather than KubernetesObjectApi: client-node's serializer maps objects onto its
 * generated models, which drops custom-resource specs and renames fields such as `from`.
 */
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface RestResponse {
  status: number;
  body: unknown;
}

export async function rest(kc: KubeConfig, method: string, path: string, body?: unknown): Promise<RestResponse> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const options: https.RequestOptions = { method, headers: { accept: 'application/json', 'content-type': 'application/json' } };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(cluster.server.replace(/\/+$/, '') + path), options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          /* keep text */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** Resource name and scope of a kind, from API discovery. */
export async function discoverResource(kc: KubeConfig, apiVersion: string, kind: string): Promise<ApiResource> {
  const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const r = await rest(kc, 'GET', path);
  const resources = (r.body as { resources?: ApiResource[] } | undefined)?.resources ?? [];
  const found = resources.find((x) => x.kind === kind && !x.name.includes('/'));
  if (!found) throw new Error(`Unrecognized API version and kind: ${apiVersion} ${kind}`);
  return found;
}
