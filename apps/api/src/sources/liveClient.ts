/**
 * GETs JSON from the Kubernetes API with the credentials and TLS settings of a client-node
 * KubeConfig (tokens, client certificates, exec plugins, CA). Used for discovery and lists;
 * watches go through client-node's Watch. Read-only by construction: it only sends GET.
 * List items come back exactly as the API server wrote them (plain JSON, string timestamps).
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** A failed request: `statusCode` is the HTTP status, undefined when the server did not answer. */
export class KubeRequestError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubeRequestError';
  }
}

export class KubeHttp {
  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly timeoutMs = 20_000,
  ) {}

  /**
   * `timeoutMs`: longest silence on the socket; with `deadline`, longest time for the whole
   * answer (the liveness probe: a frozen server must not be waited for twice over).
   */
  async getJson(path: string, query: Record<string, string | undefined> = {}, timeoutMs = this.timeoutMs, deadline = false): Promise<unknown> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new KubeRequestError('the kubeconfig has no current cluster');
    const url = new URL(cluster.server.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const options: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
    await this.kubeConfig.applyToHTTPSOptions(options);
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, { ...options, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new KubeRequestError(`GET ${path}: ${e.message}`)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(body);
          const statusBody = body as { message?: string; reason?: string } | undefined;
          reject(new KubeRequestError(`GET ${path}: ${status} ${statusBody?.message ?? res.statusMessage ?? ''}`.trim(), status, statusBody?.reason));
        });
      });
      // A socket silent this long (a frozen server keeps its connections open) is an error.
      req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
      const hard = deadline ? setTimeout(() => req.destroy(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs) : undefined;
      req.on('close', () => clearTimeout(hard));
      req.on('error', (e) => reject(new KubeRequestError(`GET ${path}: ${e.message}`)));
      req.end();
    });
  }
}
